package io.quantvision.alert.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL over the service's datasource. Inside a {@code @Transactional} method the connection is
 * the transaction's, so every statement here commits or rolls back with it.
 */
@ApplicationScoped
public class Db {

  /** Reads one row. */
  @FunctionalInterface
  public interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final AgroalDataSource dataSource;

  Db(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> List<T> query(String sql, Row<T> row, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rs.next()) {
        result.add(row.map(rs));
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + e.getMessage(), e);
    }
  }

  public <T> Optional<T> one(String sql, Row<T> row, Object... args) {
    List<T> rows = query(sql, row, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public long count(String sql, Object... args) {
    return one(sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  public int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("update failed: " + e.getMessage(), e);
    }
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant instant) {
        arg = instant.atOffset(ZoneOffset.UTC);
      }
      s.setObject(i + 1, arg);
    }
    return s;
  }
}
