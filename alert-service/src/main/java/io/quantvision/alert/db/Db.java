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
import org.postgresql.PGStatement;

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
    return query(false, sql, row, args);
  }

  /**
   * {@link #query}, planned anew on every execution with its actual arguments and the table's
   * current size, never from a plan cached on this connection. For statements on a table whose size
   * swings, such as the delivery queue: the driver prepares a statement on the server after five
   * executions, and PostgreSQL then keeps a generic plan made when the queue was nearly empty (a
   * sequential scan and a sort) for the life of the connection; with 40,000 deliveries waiting
   * every claim took a second (benchmarks/alert/RESULTS.md). Planning costs ~0.1 ms; these run once
   * per batch.
   */
  public <T> List<T> queryReplanned(String sql, Row<T> row, Object... args) {
    return query(true, sql, row, args);
  }

  /** {@link #update}, planned anew on every execution (see {@link #queryReplanned}). */
  public int updateReplanned(String sql, Object... args) {
    return update(true, sql, args);
  }

  private <T> List<T> query(boolean replan, String sql, Row<T> row, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, replan, sql, args);
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
    return update(false, sql, args);
  }

  private int update(boolean replan, String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, replan, sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("update failed: " + e.getMessage(), e);
    }
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static PreparedStatement prepare(Connection c, boolean replan, String sql, Object... args)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    if (replan) {
      // never a named server-side statement: PostgreSQL plans each execution with its values
      s.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
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
