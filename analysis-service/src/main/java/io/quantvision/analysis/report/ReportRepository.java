package io.quantvision.analysis.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.agroal.api.AgroalDataSource;
import io.quantvision.common.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

/** The report table: every report served, so {@code GET /reports/{id}} outlives the cache. */
@ApplicationScoped
public class ReportRepository {

  private final AgroalDataSource dataSource;

  ReportRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  void insert(Report report) {
    String sql =
        "INSERT INTO report (id, symbol, timeframe, bar_time, source, fallback_reason, model,"
            + " prompt_hash, body, generated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, report.id());
      s.setString(2, report.symbol());
      s.setString(3, report.timeframe());
      s.setTimestamp(4, Timestamp.from(report.barTime()));
      s.setString(5, report.source());
      s.setString(6, report.fallbackReason());
      s.setString(7, report.model());
      s.setString(8, report.promptHash());
      s.setString(9, Json.mapper().writeValueAsString(report));
      s.setTimestamp(10, Timestamp.from(report.generatedAt()));
      s.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot store report " + report.id(), e);
    }
  }

  Optional<Report> find(UUID id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT body FROM report WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(Json.mapper().readValue(rs.getString(1), Report.class))
            : Optional.empty();
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("cannot read report " + id, e);
    }
  }
}
