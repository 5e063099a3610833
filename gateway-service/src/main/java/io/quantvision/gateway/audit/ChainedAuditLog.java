package io.quantvision.gateway.audit;

import io.agroal.api.AgroalDataSource;
import io.quantvision.gateway.identity.Origin;
import io.quantvision.gateway.identity.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit trail in PostgreSQL, hash-chained: each row stores the previous row's hash and its own,
 * a SHA-256 over the previous hash and every field. Appends are serialized by a transaction
 * advisory lock, so ids are gapless and the chain has one head; each append commits on its own
 * (REQUIRES_NEW), even when the request that caused it fails.
 */
@ApplicationScoped
public class ChainedAuditLog implements AuditLog {

  static final String GENESIS = "0".repeat(64);
  private static final long APPEND_LOCK = 0x71_76_61_75_64_69_74L; // "qvaudit"

  private final AgroalDataSource dataSource;

  ChainedAuditLog(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void record(AuditEvent given) {
    // the required columns never make an audit write (and the request behind it) fail
    AuditEvent event =
        new AuditEvent(
            given.actor() == null ? "anonymous" : given.actor(),
            given.action() == null ? "unknown" : given.action(),
            given.target(),
            given.outcome() == null ? "unknown" : given.outcome(),
            given.clientIp(),
            given.requestId());
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, APPEND_LOCK);
        lock.execute();
      }
      long id = 1;
      String prev = GENESIS;
      try (PreparedStatement head =
              c.prepareStatement("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1");
          ResultSet rs = head.executeQuery()) {
        if (rs.next()) {
          id = rs.getLong(1) + 1;
          prev = rs.getString(2);
        }
      }
      String hash = hash(prev, id, at, event);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO audit_log (id, occurred_at, actor, action, target, outcome, client_ip,"
                  + " request_id, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, id);
        insert.setTimestamp(2, Timestamp.from(at));
        insert.setString(3, event.actor());
        insert.setString(4, event.action());
        insert.setString(5, event.target());
        insert.setString(6, event.outcome());
        insert.setString(7, event.clientIp());
        insert.setString(8, event.requestId());
        insert.setString(9, prev);
        insert.setString(10, hash);
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot append to the audit log", e);
    }
  }

  /** Shorthand for the identity code: an event from a request's origin. */
  public void record(String actor, String action, String target, String outcome, Origin origin) {
    record(new AuditEvent(actor, action, target, outcome, origin.clientIp(), origin.requestId()));
  }

  /** Walks the chain from the first row; the first row that does not fit, if any. */
  @Transactional
  public ChainReport verify() {
    long expectedId = 1;
    String prev = GENESIS;
    long checked = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, occurred_at, actor, action, target, outcome, client_ip, request_id,"
                    + " prev_hash, row_hash FROM audit_log ORDER BY id")) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          if (id != expectedId) {
            return ChainReport.broken(checked, expectedId, "row " + expectedId + " is missing");
          }
          if (!prev.equals(rs.getString("prev_hash"))) {
            return ChainReport.broken(checked, id, "prev_hash does not match the previous row");
          }
          AuditEvent event =
              new AuditEvent(
                  rs.getString("actor"),
                  rs.getString("action"),
                  rs.getString("target"),
                  rs.getString("outcome"),
                  rs.getString("client_ip"),
                  rs.getString("request_id"));
          Instant at = rs.getTimestamp("occurred_at").toInstant();
          String hash = hash(prev, id, at, event);
          if (!hash.equals(rs.getString("row_hash"))) {
            return ChainReport.broken(checked, id, "row_hash does not match the row's content");
          }
          prev = hash;
          expectedId = id + 1;
          checked++;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log", e);
    }
    return ChainReport.intact(checked);
  }

  /** SHA-256 over length-prefixed fields: no separator inside a value can fake another row. */
  static String hash(String prev, long id, Instant at, AuditEvent event) {
    StringBuilder canonical = new StringBuilder();
    for (String field :
        new String[] {
          prev,
          Long.toString(id),
          at.toString(),
          event.actor(),
          event.action(),
          event.target(),
          event.outcome(),
          event.clientIp(),
          event.requestId()
        }) {
      if (field == null) {
        canonical.append("-1:;");
      } else {
        canonical.append(field.length()).append(':').append(field).append(';');
      }
    }
    return HexFormat.of()
        .formatHex(Secrets.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The answer of GET /admin/audit/verify. */
  public record ChainReport(boolean valid, long rowsChecked, Long firstBrokenId, String reason) {
    static ChainReport intact(long rows) {
      return new ChainReport(true, rows, null, null);
    }

    static ChainReport broken(long rows, long id, String reason) {
      return new ChainReport(false, rows, id, reason);
    }
  }
}
