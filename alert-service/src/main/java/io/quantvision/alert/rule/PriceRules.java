package io.quantvision.alert.rule;

import io.quantvision.alert.db.Db;
import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Price rules per user. */
@ApplicationScoped
public class PriceRules {

  static final int MAX_RULES_PER_USER = 100;

  private final Db db;

  PriceRules(Db db) {
    this.db = db;
  }

  /** A rule and whether this call created it (false: the user already had the same rule). */
  public record Saved(PriceRule rule, boolean created) {}

  /**
   * Creates a rule, or returns the user's identical one: the same rule twice would notify twice on
   * every trigger (a unique index makes that hold under concurrent requests too).
   */
  @Transactional
  public Saved create(String userId, String email, PriceRuleRequest request) {
    boolean crossing = !"moves_more_than".equals(request.condition());
    if (crossing && request.price() == null) {
      throw ProblemException.badRequest("price is required for " + request.condition());
    }
    if (!crossing && (request.percent() == null || request.windowBars() == null)) {
      throw ProblemException.badRequest("percent and window_bars are required for moves_more_than");
    }
    Object[] identity = {
      userId,
      request.symbol().toUpperCase(Locale.ROOT),
      request.timeframe() == null ? "1Min" : request.timeframe(),
      request.condition(),
      crossing ? request.price() : null,
      crossing ? null : request.percent(),
      crossing ? null : request.windowBars()
    };
    Optional<PriceRule> existing = same(identity);
    if (existing.isPresent()) {
      return new Saved(existing.get(), false);
    }
    if (db.count("SELECT count(*) FROM price_rule WHERE user_id = ?", userId)
        >= MAX_RULES_PER_USER) {
      throw ProblemException.unprocessable(
          "too-many-rules",
          "Too many rules",
          "At most " + MAX_RULES_PER_USER + " price rules per user");
    }
    UUID id = UUID.randomUUID();
    int inserted =
        db.update(
            "INSERT INTO price_rule (id, email, user_id, symbol, timeframe, kind, price, percent,"
                + " window_bars) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (user_id, symbol, timeframe, kind, (coalesce(price, -1)),"
                + " (coalesce(percent, -1)), (coalesce(window_bars, -1))) DO NOTHING",
            id,
            email,
            identity[0],
            identity[1],
            identity[2],
            identity[3],
            identity[4],
            identity[5],
            identity[6]);
    if (inserted == 0) {
      // the same rule, created by a concurrent request a moment ago
      return new Saved(same(identity).orElseThrow(), false);
    }
    return new Saved(
        db.one("SELECT * FROM price_rule WHERE id = ?", PriceRules::read, id).orElseThrow(), true);
  }

  private Optional<PriceRule> same(Object[] identity) {
    return db.one(
        "SELECT * FROM price_rule WHERE user_id = ? AND symbol = ? AND timeframe = ? AND kind = ?"
            + " AND coalesce(price, -1) = coalesce(CAST(? AS numeric), -1)"
            + " AND coalesce(percent, -1) = coalesce(CAST(? AS numeric), -1)"
            + " AND coalesce(window_bars, -1) = coalesce(CAST(? AS integer), -1)",
        PriceRules::read,
        identity);
  }

  public List<PriceRule> of(String userId) {
    return db.query(
        "SELECT * FROM price_rule WHERE user_id = ? ORDER BY created_at", PriceRules::read, userId);
  }

  @Transactional
  public void delete(String userId, UUID id) {
    if (db.update("DELETE FROM price_rule WHERE id = ? AND user_id = ?", id, userId) == 0) {
      throw ProblemException.notFound("No price rule " + id);
    }
  }

  static PriceRule read(ResultSet rs) throws SQLException {
    return new PriceRule(
        rs.getObject("id", UUID.class),
        rs.getString("symbol"),
        rs.getString("timeframe"),
        rs.getString("kind"),
        rs.getBigDecimal("price"),
        rs.getBigDecimal("percent"),
        (Integer) rs.getObject("window_bars"),
        rs.getBigDecimal("last_close"),
        Db.instant(rs, "last_bar_start"),
        rs.getBoolean("triggered"),
        rs.getInt("fired_count"),
        Db.instant(rs, "created_at"));
  }

  static BigDecimal strip(BigDecimal value) {
    return value == null ? null : value.stripTrailingZeros();
  }
}
