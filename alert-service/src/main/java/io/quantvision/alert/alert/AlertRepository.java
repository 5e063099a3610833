package io.quantvision.alert.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantvision.alert.db.Db;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.time.ApiTimes;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads alerts: one by id, pages of history (keyset paging on first seen, id). */
@ApplicationScoped
public class AlertRepository {

  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  /** Filters of the history; null = any. {@code userId} restricts to one user's alerts. */
  public record Filter(
      String status,
      String severity,
      String source,
      Instant from,
      Instant to,
      String userId,
      int limit,
      String pageToken) {}

  private final Db db;
  private final ObjectMapper json;

  AlertRepository(Db db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public Optional<AlertView> find(UUID id) {
    return db.one("SELECT * FROM alert WHERE id = ?", this::read, id);
  }

  public List<AlertView> active() {
    return db.query(
        "SELECT * FROM alert WHERE status <> 'resolved' ORDER BY"
            + " CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,"
            + " first_seen DESC LIMIT 500",
        this::read);
  }

  public AlertPage list(Filter filter) {
    StringBuilder sql = new StringBuilder("SELECT * FROM alert WHERE true");
    List<Object> args = new ArrayList<>();
    add(sql, args, " AND status = ?", filter.status());
    add(sql, args, " AND severity = ?", filter.severity());
    add(sql, args, " AND source = ?", filter.source());
    add(sql, args, " AND first_seen >= ?", filter.from());
    add(sql, args, " AND first_seen < ?", filter.to());
    add(sql, args, " AND user_id = ?", filter.userId());
    if (filter.pageToken() != null && !filter.pageToken().isBlank()) {
      Object[] cursor = decode(filter.pageToken());
      sql.append(" AND (first_seen, id) < (?, ?)");
      args.add(cursor[0]);
      args.add(cursor[1]);
    }
    sql.append(" ORDER BY first_seen DESC, id DESC LIMIT ?");
    args.add(filter.limit() + 1);
    List<AlertView> rows = db.query(sql.toString(), this::read, args.toArray());
    String next = null;
    if (rows.size() > filter.limit()) {
      rows = rows.subList(0, filter.limit());
      AlertView last = rows.get(rows.size() - 1);
      next = encode(last.firstSeen(), last.id());
    }
    return new AlertPage(rows, next);
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(clause);
      args.add(value);
    }
  }

  private static String encode(Instant firstSeen, UUID id) {
    String raw = firstSeen.toString() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Object[] decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      Instant at = Instant.parse(raw.substring(0, bar));
      if (!ApiTimes.accepted(at)) {
        throw new IllegalArgumentException("time out of range");
      }
      return new Object[] {at, UUID.fromString(raw.substring(bar + 1))};
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("page_token is not a token this API issued");
    }
  }

  public AlertView read(ResultSet rs) throws SQLException {
    Map<String, String> labels;
    try {
      labels = json.readValue(rs.getString("labels"), LABELS);
    } catch (JsonProcessingException e) {
      labels = Map.of();
    }
    return new AlertView(
        rs.getObject("id", UUID.class),
        rs.getString("fingerprint"),
        rs.getString("source"),
        rs.getString("severity"),
        rs.getString("status"),
        rs.getString("summary"),
        rs.getString("details"),
        labels,
        rs.getString("user_id"),
        Db.instant(rs, "first_seen"),
        Db.instant(rs, "last_seen"),
        rs.getInt("occurrences"),
        rs.getString("suppressed_by"),
        Db.instant(rs, "acknowledged_at"),
        rs.getString("acknowledged_by"),
        Db.instant(rs, "resolved_at"));
  }
}
