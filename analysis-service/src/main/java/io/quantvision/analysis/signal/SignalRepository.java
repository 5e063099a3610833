package io.quantvision.analysis.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import io.quantvision.analysis.api.PageToken;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.common.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The signal table, in plain SQL (see SeriesRepository for why). */
@ApplicationScoped
public class SignalRepository {

  private static final String COLUMNS =
      "id, symbol, timeframe, bar_time, sequence, action, confidence, reasons, rules, created_at";

  private final AgroalDataSource dataSource;

  SignalRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  void insert(Signal signal, UUID eventId) {
    String sql =
        "INSERT INTO signal (id, symbol, timeframe, bar_time, sequence, action, confidence,"
            + " reasons, rules, event_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, signal.signalId());
      s.setString(2, signal.symbol());
      s.setString(3, signal.timeframe());
      s.setTimestamp(4, Timestamp.from(signal.barTime()));
      s.setInt(5, signal.sequence());
      s.setString(6, signal.action());
      s.setInt(7, signal.confidence());
      s.setString(8, json(signal.reasons()));
      s.setString(9, json(signal.rules()));
      s.setObject(10, eventId);
      s.setTimestamp(11, Timestamp.from(signal.createdAt()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store signal: " + e.getMessage(), e);
    }
  }

  /** The newest signal for a bar (highest sequence), if any. */
  Optional<Signal> latestFor(SeriesKey key, Instant barTime) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM signal WHERE symbol = ? AND timeframe = ? AND bar_time = ?"
            + " ORDER BY sequence DESC LIMIT 1";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key.symbol());
      s.setString(2, key.timeframe().wireName());
      s.setTimestamp(3, Timestamp.from(barTime));
      List<Signal> found = read(s);
      return found.stream().findFirst();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read signals: " + e.getMessage(), e);
    }
  }

  /**
   * Signals of a symbol, newest bar first and a bar's corrections before its earlier signals;
   * {@code timeframe}, {@code from}, {@code to} and the keyset cursor ({@code after}: the last row
   * of the previous page) are optional.
   */
  public List<Signal> find(
      String symbol, String timeframe, Instant from, Instant to, PageToken after, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM signal WHERE symbol = ?");
    List<Object> args = new ArrayList<>();
    args.add(symbol);
    if (timeframe != null) {
      sql.append(" AND timeframe = ?");
      args.add(timeframe);
    }
    if (from != null) {
      sql.append(" AND bar_time >= ?");
      args.add(Timestamp.from(from));
    }
    if (to != null) {
      sql.append(" AND bar_time <= ?");
      args.add(Timestamp.from(to));
    }
    if (after != null) {
      sql.append(" AND (bar_time, sequence, id) < (?, ?, ?)");
      args.add(Timestamp.from(after.time()));
      args.add(after.sequence());
      args.add(after.id());
    }
    sql.append(" ORDER BY bar_time DESC, sequence DESC, id DESC LIMIT ?");
    args.add(limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      return read(s);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read signals: " + e.getMessage(), e);
    }
  }

  private static List<Signal> read(PreparedStatement s) throws SQLException {
    List<Signal> signals = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        signals.add(
            new Signal(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                rs.getInt(5),
                rs.getString(6),
                rs.getInt(7),
                parse(rs.getString(8), new TypeReference<List<String>>() {}),
                parse(rs.getString(9), new TypeReference<Map<String, String>>() {}),
                rs.getTimestamp(10).toInstant()));
      }
    }
    return signals;
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return Json.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored signal column is not JSON", e);
    }
  }
}
