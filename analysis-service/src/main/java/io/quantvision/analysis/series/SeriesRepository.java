package io.quantvision.analysis.series;

import io.agroal.api.AgroalDataSource;
import io.quantvision.analysis.bar.Bar;
import io.quantvision.analysis.bar.Timeframe;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The series and bar tables, in plain SQL: the hot path is an upsert, a row lock and a batch of
 * state updates, which JDBC says more plainly than an ORM would. Every method joins the caller's
 * transaction (Agroal hands out the connection enlisted in it).
 */
@ApplicationScoped
public class SeriesRepository {

  private static final String BAR_COLUMNS =
      "start_time, open, high, low, close, volume, revision, engine_state";

  private final AgroalDataSource dataSource;

  SeriesRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Where a series stands. */
  public record SeriesRow(Instant lastStart, long barCount, UUID version) {}

  /**
   * Creates the series if needed and locks its row until the transaction ends: instances applying
   * bars of one series take turns.
   */
  SeriesRow lock(SeriesKey key) {
    String sql =
        "INSERT INTO series (symbol, timeframe, version) VALUES (?, ?, ?) "
            + "ON CONFLICT (symbol, timeframe) DO UPDATE SET updated_at = now() "
            + "RETURNING last_start, bar_count, version";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key.symbol());
      s.setString(2, key.timeframe().wireName());
      s.setObject(3, UUID.randomUUID());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new SeriesRow(instant(rs, 1), rs.getLong(2), rs.getObject(3, UUID.class));
      }
    } catch (SQLException e) {
      throw failure("lock series " + key, e);
    }
  }

  void updateSeries(SeriesKey key, Instant lastStart, long barCount, UUID version) {
    String sql =
        "UPDATE series SET last_start = ?, bar_count = ?, version = ?, updated_at = now() "
            + "WHERE symbol = ? AND timeframe = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(lastStart));
      s.setLong(2, barCount);
      s.setObject(3, version);
      s.setString(4, key.symbol());
      s.setString(5, key.timeframe().wireName());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("update series " + key, e);
    }
  }

  /** The stored revision of the bar at {@code start}, if there is one. */
  Optional<Integer> revisionAt(SeriesKey key, Instant start) {
    String sql = "SELECT revision FROM bar WHERE symbol = ? AND timeframe = ? AND start_time = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bindKey(s, key);
      s.setTimestamp(3, Timestamp.from(start));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read bar of " + key, e);
    }
  }

  /** Inserts a new bar, or replaces the stored one (a higher revision). */
  void save(SeriesKey key, Bar bar, byte[] state) {
    String sql =
        "INSERT INTO bar (symbol, timeframe, start_time, open, high, low, close, volume,"
            + " trade_count, vwap, revision, provider, event_id, engine_state)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (symbol, timeframe, start_time) DO UPDATE SET open = EXCLUDED.open,"
            + " high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,"
            + " volume = EXCLUDED.volume, trade_count = EXCLUDED.trade_count,"
            + " vwap = EXCLUDED.vwap, revision = EXCLUDED.revision, provider = EXCLUDED.provider,"
            + " event_id = EXCLUDED.event_id, engine_state = EXCLUDED.engine_state,"
            + " received_at = now()";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bindKey(s, key);
      s.setTimestamp(3, Timestamp.from(bar.start()));
      s.setBigDecimal(4, bar.open());
      s.setBigDecimal(5, bar.high());
      s.setBigDecimal(6, bar.low());
      s.setBigDecimal(7, bar.close());
      s.setLong(8, bar.volume());
      s.setObject(9, bar.tradeCount());
      s.setBigDecimal(10, bar.vwap());
      s.setInt(11, bar.revision());
      s.setString(12, bar.provider());
      s.setObject(13, bar.eventId());
      s.setBytes(14, state);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("store bar of " + key, e);
    }
  }

  /** The last {@code limit} bars starting before {@code before} (all when null), oldest first. */
  public List<StoredBar> lastBars(SeriesKey key, Instant before, int limit) {
    String sql =
        "SELECT "
            + BAR_COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ?"
            + (before == null ? "" : " AND start_time < ?")
            + " ORDER BY start_time DESC LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bindKey(s, key);
      int next = 3;
      if (before != null) {
        s.setTimestamp(next++, Timestamp.from(before));
      }
      s.setInt(next, limit);
      List<StoredBar> bars = read(s);
      Collections.reverse(bars);
      return bars;
    } catch (SQLException e) {
      throw failure("read bars of " + key, e);
    }
  }

  /** Up to {@code limit} bars starting after {@code after}, oldest first. */
  List<StoredBar> barsAfter(SeriesKey key, Instant after, int limit) {
    String sql =
        "SELECT "
            + BAR_COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ? AND start_time > ?"
            + " ORDER BY start_time LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bindKey(s, key);
      s.setTimestamp(3, Timestamp.from(after));
      s.setInt(4, limit);
      return read(s);
    } catch (SQLException e) {
      throw failure("read bars of " + key, e);
    }
  }

  /** Bars in [{@code from}, {@code to}] (either may be null), oldest first, at most limit. */
  public List<StoredBar> barsBetween(SeriesKey key, Instant from, Instant to, int limit) {
    String sql =
        "SELECT "
            + BAR_COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ?"
            + (from == null ? "" : " AND start_time >= ?")
            + (to == null ? "" : " AND start_time <= ?")
            + " ORDER BY start_time LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bindKey(s, key);
      int next = 3;
      if (from != null) {
        s.setTimestamp(next++, Timestamp.from(from));
      }
      if (to != null) {
        s.setTimestamp(next++, Timestamp.from(to));
      }
      s.setInt(next, limit);
      return read(s);
    } catch (SQLException e) {
      throw failure("read bars of " + key, e);
    }
  }

  void updateStates(SeriesKey key, List<Instant> starts, List<byte[]> states) {
    String sql =
        "UPDATE bar SET engine_state = ? WHERE symbol = ? AND timeframe = ? AND start_time = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < starts.size(); i++) {
        s.setBytes(1, states.get(i));
        s.setString(2, key.symbol());
        s.setString(3, key.timeframe().wireName());
        s.setTimestamp(4, Timestamp.from(starts.get(i)));
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw failure("update indicator states of " + key, e);
    }
  }

  /** The series of a symbol (every timeframe it has bars at). */
  public List<Timeframe> timeframesOf(String symbol) {
    String sql = "SELECT timeframe FROM series WHERE symbol = ? AND bar_count > 0";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, symbol);
      List<Timeframe> timeframes = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Timeframe.named(rs.getString(1)).ifPresent(timeframes::add);
        }
      }
      return timeframes;
    } catch (SQLException e) {
      throw failure("read series of " + symbol, e);
    }
  }

  private static List<StoredBar> read(PreparedStatement s) throws SQLException {
    List<StoredBar> bars = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        bars.add(
            new StoredBar(
                instant(rs, 1),
                rs.getBigDecimal(2),
                rs.getBigDecimal(3),
                rs.getBigDecimal(4),
                rs.getBigDecimal(5),
                rs.getLong(6),
                rs.getInt(7),
                rs.getBytes(8)));
      }
    }
    return bars;
  }

  private static void bindKey(PreparedStatement s, SeriesKey key) throws SQLException {
    s.setString(1, key.symbol());
    s.setString(2, key.timeframe().wireName());
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
  }
}
