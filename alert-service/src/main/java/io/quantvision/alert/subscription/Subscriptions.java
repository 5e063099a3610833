package io.quantvision.alert.subscription;

import io.quantvision.alert.db.Db;
import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions per user; the email address is the token's {@code upn} when subscribing. */
@ApplicationScoped
public class Subscriptions {

  public static final String ORDER_FILLS = "order_fills";
  public static final String ORDER_REJECTIONS = "order_rejections";

  /** A subscriber of a kind: who, and where the email goes. */
  public record Subscriber(String userId, String email) {}

  private final Db db;

  Subscriptions(Db db) {
    this.db = db;
  }

  public static String signals(String symbol) {
    return "signals:" + symbol.toUpperCase(Locale.ROOT);
  }

  /** Subscribes; subscribing again to the same kind returns the existing subscription. */
  @Transactional
  public Subscription subscribe(String userId, String email, String kind) {
    String normal = kind.startsWith("signals:") ? signals(kind.substring(8)) : kind;
    db.update(
        "INSERT INTO subscription (id, user_id, kind, email) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email",
        UUID.randomUUID(),
        userId,
        normal,
        email);
    return db.one(
            "SELECT * FROM subscription WHERE user_id = ? AND kind = ?",
            Subscriptions::read,
            userId,
            normal)
        .orElseThrow();
  }

  public List<Subscription> of(String userId) {
    return db.query(
        "SELECT * FROM subscription WHERE user_id = ? ORDER BY created_at",
        Subscriptions::read,
        userId);
  }

  @Transactional
  public void delete(String userId, UUID id) {
    if (db.update("DELETE FROM subscription WHERE id = ? AND user_id = ?", id, userId) == 0) {
      throw ProblemException.notFound("No subscription " + id);
    }
  }

  public Optional<Subscriber> subscriber(String userId, String kind) {
    return db.one(
        "SELECT user_id, email FROM subscription WHERE user_id = ? AND kind = ?",
        rs -> new Subscriber(rs.getString(1), rs.getString(2)),
        userId,
        kind);
  }

  public List<Subscriber> subscribers(String kind) {
    return db.query(
        "SELECT user_id, email FROM subscription WHERE kind = ? ORDER BY user_id",
        rs -> new Subscriber(rs.getString(1), rs.getString(2)),
        kind);
  }

  private static Subscription read(ResultSet rs) throws SQLException {
    return new Subscription(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("email"),
        Db.instant(rs, "created_at"));
  }
}
