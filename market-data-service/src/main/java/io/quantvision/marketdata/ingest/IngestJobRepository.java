package io.quantvision.marketdata.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quantvision.common.json.Json;
import io.quantvision.marketdata.bar.Rejection;
import io.quantvision.marketdata.bar.WriteResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class IngestJobRepository {

  /** Rejected rows kept on a job for its report; the count covers them all. */
  static final int KEPT_REJECTIONS = 100;

  private static final String COLUMNS =
      "id, status, provider, symbols, timeframe, range_from, range_to, requested_by, created_at,"
          + " started_at, finished_at, bars_inserted, bars_revised, bars_unchanged, rows_rejected,"
          + " rejections, error";

  private final AgroalDataSource dataSource;

  IngestJobRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public IngestJob create(
      String provider,
      List<String> symbols,
      String timeframe,
      Instant from,
      Instant to,
      String requestedBy) {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO ingest_job (id, status, provider, symbols, timeframe, range_from,"
                    + " range_to, requested_by) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?)")) {
      insert.setObject(1, id);
      insert.setString(2, provider);
      insert.setArray(3, c.createArrayOf("text", symbols.toArray()));
      insert.setString(4, timeframe);
      insert.setTimestamp(5, Timestamp.from(from));
      insert.setTimestamp(6, Timestamp.from(to));
      insert.setString(7, requestedBy);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create an ingest job", e);
    }
    return find(id).orElseThrow();
  }

  public Optional<IngestJob> find(UUID id) {
    return one("SELECT " + COLUMNS + " FROM ingest_job WHERE id = ?", id);
  }

  /**
   * Claims the oldest queued job for this instance, or a running one whose instance stopped beating
   * (a crash): re-running a range is safe, the upsert is idempotent.
   */
  public Optional<IngestJob> claimNext(Duration staleAfter) {
    return one(
        "UPDATE ingest_job SET status = 'running', started_at = coalesce(started_at, now()),"
            + " heartbeat_at = now() WHERE id = (SELECT id FROM ingest_job WHERE status = 'queued'"
            + " OR (status = 'running' AND heartbeat_at < now() - ?::interval)"
            + " ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING "
            + COLUMNS,
        staleAfter.toSeconds() + " seconds");
  }

  /** Adds a chunk's counts (and its first rejections) to the job, and beats its heart. */
  public void progress(UUID id, WriteResult result) {
    String rejections;
    try {
      List<Rejection> kept = result.rejected().stream().limit(KEPT_REJECTIONS).toList();
      rejections = Json.mapper().writeValueAsString(kept);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write rejections", e);
    }
    update(
        "UPDATE ingest_job SET heartbeat_at = now(), bars_inserted = bars_inserted + ?,"
            + " bars_revised = bars_revised + ?, bars_unchanged = bars_unchanged + ?,"
            + " rows_rejected = rows_rejected + ?, rejections = CASE WHEN"
            + " jsonb_array_length(rejections) >= "
            + KEPT_REJECTIONS
            + " THEN rejections ELSE rejections || ?::jsonb END WHERE id = ?",
        result.inserted(),
        result.revised(),
        result.unchanged(),
        (long) result.rejected().size(),
        rejections,
        id);
  }

  public void finish(UUID id) {
    update(
        "UPDATE ingest_job SET status = 'succeeded', finished_at = now(), heartbeat_at = now()"
            + " WHERE id = ?",
        id);
  }

  public void fail(UUID id, String error) {
    update(
        "UPDATE ingest_job SET status = 'failed', finished_at = now(), heartbeat_at = now(),"
            + " error = ? WHERE id = ?",
        error,
        id);
  }

  private void update(String sql, Object... parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement update = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        update.setObject(i + 1, parameters[i]);
      }
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update an ingest job", e);
    }
  }

  private Optional<IngestJob> one(String sql, Object parameter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setObject(1, parameter);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read ingest jobs", e);
    }
  }

  private static IngestJob read(ResultSet rs) throws SQLException {
    JsonNode rejections;
    try {
      rejections = Json.mapper().readTree(rs.getString(16));
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable rejections", e);
    }
    return new IngestJob(
        rs.getObject(1, UUID.class),
        IngestJob.Status.valueOf(rs.getString(2)),
        rs.getString(3),
        Arrays.asList((String[]) rs.getArray(4).getArray()),
        rs.getString(5),
        instant(rs, 6),
        instant(rs, 7),
        rs.getString(8),
        instant(rs, 9),
        instant(rs, 10),
        instant(rs, 11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getLong(14),
        rs.getLong(15),
        rejections,
        rs.getString(17));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
