package io.quantvision.marketdata.bar;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Bars in PostgreSQL, through plain JDBC: the batched upsert and the range reads are the hot paths
 * of this service, and a statement per batch (arrays unnested server-side) beats row-at-a-time ORM
 * writes by an order of magnitude.
 */
@ApplicationScoped
public class BarRepository {

  /**
   * Inserts new bars and replaces changed ones (revision + 1); an identical row is left alone, and
   * only inserted or revised rows come back.
   */
  private static final String UPSERT =
      """
      INSERT INTO bar AS b (symbol, timeframe, start, open, high, low, close, volume,
                            trade_count, vwap, provider)
      SELECT u.symbol, u.timeframe, u.start::timestamptz, u.open::numeric, u.high::numeric,
             u.low::numeric, u.close::numeric, u.volume, u.trade_count, u.vwap::numeric, u.provider
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                  ?::int8[], ?::int8[], ?::text[], ?::text[])
           AS u(symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap,
                provider)
      ON CONFLICT (symbol, timeframe, start) DO UPDATE SET
          open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
          volume = excluded.volume, trade_count = excluded.trade_count, vwap = excluded.vwap,
          provider = excluded.provider, revision = b.revision + 1, updated_at = now()
      WHERE (b.open, b.high, b.low, b.close, b.volume, b.trade_count, b.vwap)
            IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close,
                              excluded.volume, excluded.trade_count, excluded.vwap)
      RETURNING symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap,
                revision, provider
      """;

  private static final String COLUMNS =
      "symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap, revision,"
          + " provider";

  private final AgroalDataSource dataSource;

  BarRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Upserts {@code bars} (distinct keys, any order) in the caller's transaction; returns the bars
   * that were inserted (revision 1) or revised (revision > 1), as stored.
   */
  public List<Bar> upsert(List<Bar> bars) {
    if (bars.isEmpty()) {
      return List.of();
    }
    // One lock order for every writer: two batches touching the same bars cannot deadlock.
    List<Bar> sorted = new ArrayList<>(bars);
    sorted.sort(
        java.util.Comparator.comparing(Bar::symbol)
            .thenComparing(Bar::timeframe)
            .thenComparing(Bar::start));
    int n = sorted.size();
    String[] symbol = new String[n];
    String[] timeframe = new String[n];
    String[] start = new String[n];
    String[] open = new String[n];
    String[] high = new String[n];
    String[] low = new String[n];
    String[] close = new String[n];
    Long[] volume = new Long[n];
    Long[] trades = new Long[n];
    String[] vwap = new String[n];
    String[] provider = new String[n];
    for (int i = 0; i < n; i++) {
      Bar bar = sorted.get(i);
      symbol[i] = bar.symbol();
      timeframe[i] = bar.timeframe().label();
      start[i] = bar.start().toString();
      open[i] = bar.open().toPlainString();
      high[i] = bar.high().toPlainString();
      low[i] = bar.low().toPlainString();
      close[i] = bar.close().toPlainString();
      volume[i] = bar.volume();
      trades[i] = bar.tradeCount();
      vwap[i] = bar.vwap() == null ? null : bar.vwap().toPlainString();
      provider[i] = bar.provider();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert = c.prepareStatement(UPSERT)) {
      upsert.setArray(1, c.createArrayOf("text", symbol));
      upsert.setArray(2, c.createArrayOf("text", timeframe));
      upsert.setArray(3, c.createArrayOf("text", start));
      upsert.setArray(4, c.createArrayOf("text", open));
      upsert.setArray(5, c.createArrayOf("text", high));
      upsert.setArray(6, c.createArrayOf("text", low));
      upsert.setArray(7, c.createArrayOf("text", close));
      upsert.setArray(8, c.createArrayOf("int8", volume));
      upsert.setArray(9, c.createArrayOf("int8", trades));
      upsert.setArray(10, c.createArrayOf("text", vwap));
      upsert.setArray(11, c.createArrayOf("text", provider));
      List<Bar> changed = new ArrayList<>();
      try (ResultSet rs = upsert.executeQuery()) {
        while (rs.next()) {
          changed.add(read(rs));
        }
      }
      return changed;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot upsert " + n + " bars: " + e.getMessage(), e);
    }
  }

  /** Records intervals the provider reported as having no trades (idempotent). */
  public void recordQuiet(List<Bar.Key> quiet, String provider) {
    if (quiet.isEmpty()) {
      return;
    }
    String[] symbol = new String[quiet.size()];
    String[] timeframe = new String[quiet.size()];
    String[] start = new String[quiet.size()];
    for (int i = 0; i < quiet.size(); i++) {
      symbol[i] = quiet.get(i).symbol();
      timeframe[i] = quiet.get(i).timeframe().label();
      start[i] = quiet.get(i).start().toString();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO bar_quiet (symbol, timeframe, start, provider)"
                    + " SELECT s, t, st::timestamptz, ? FROM unnest(?::text[], ?::text[], ?::text[])"
                    + " AS u(s, t, st) ON CONFLICT DO NOTHING")) {
      insert.setString(1, provider);
      insert.setArray(2, c.createArrayOf("text", symbol));
      insert.setArray(3, c.createArrayOf("text", timeframe));
      insert.setArray(4, c.createArrayOf("text", start));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record quiet intervals: " + e.getMessage(), e);
    }
  }

  /** Up to {@code limit} bars in [from, to), oldest first. */
  public List<Bar> range(String symbol, Timeframe timeframe, Instant from, Instant to, int limit) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ? AND start >= ? AND start < ?"
            + " ORDER BY start LIMIT ?",
        symbol,
        timeframe,
        from,
        to,
        limit,
        false);
  }

  /** The newest {@code limit} bars that start before {@code to}, oldest first. */
  public List<Bar> tail(String symbol, Timeframe timeframe, Instant to, int limit) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ? AND start >= ? AND start < ?"
            + " ORDER BY start DESC LIMIT ?",
        symbol,
        timeframe,
        Instant.EPOCH,
        to,
        limit,
        true);
  }

  /** Bar starts present, and quiet (no-trade) starts, in [from, to). */
  public Set<Instant> coveredStarts(String symbol, Timeframe timeframe, Instant from, Instant to) {
    Set<Instant> starts = new HashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT start FROM bar WHERE symbol = ? AND timeframe = ? AND start >= ?"
                    + " AND start < ? UNION ALL SELECT start FROM bar_quiet WHERE symbol = ?"
                    + " AND timeframe = ? AND start >= ? AND start < ?")) {
      for (int offset : new int[] {0, 4}) {
        select.setString(offset + 1, symbol);
        select.setString(offset + 2, timeframe.label());
        select.setTimestamp(offset + 3, Timestamp.from(from));
        select.setTimestamp(offset + 4, Timestamp.from(to));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          starts.add(rs.getObject(1, OffsetDateTime.class).toInstant());
        }
      }
      return starts;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read bar starts: " + e.getMessage(), e);
    }
  }

  /** The first and last bar start of a symbol in [from, ∞), if it has any. */
  public Optional<Instant[]> extent(String symbol, Timeframe timeframe, Instant from) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT min(start), max(start) FROM bar WHERE symbol = ? AND timeframe = ?"
                    + " AND start >= ?")) {
      select.setString(1, symbol);
      select.setString(2, timeframe.label());
      select.setTimestamp(3, Timestamp.from(from));
      try (ResultSet rs = select.executeQuery()) {
        if (rs.next() && rs.getObject(1) != null) {
          return Optional.of(
              new Instant[] {
                rs.getObject(1, OffsetDateTime.class).toInstant(),
                rs.getObject(2, OffsetDateTime.class).toInstant()
              });
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read bar extent: " + e.getMessage(), e);
    }
  }

  /** The newest bar start of each timeframe across active symbols (one index probe each). */
  public Optional<Instant> newestStart(Timeframe timeframe) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT max(latest.start) FROM symbol s CROSS JOIN LATERAL"
                    + " (SELECT b.start FROM bar b WHERE b.symbol = s.ticker AND b.timeframe = ?"
                    + " ORDER BY b.start DESC LIMIT 1) latest WHERE s.active")) {
      select.setString(1, timeframe.label());
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() && rs.getObject(1) != null
            ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant())
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the newest bar: " + e.getMessage(), e);
    }
  }

  private List<Bar> query(
      String sql,
      String symbol,
      Timeframe timeframe,
      Instant from,
      Instant to,
      int limit,
      boolean reverse) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, symbol);
      select.setString(2, timeframe.label());
      select.setTimestamp(3, Timestamp.from(from));
      select.setTimestamp(4, Timestamp.from(to));
      select.setInt(5, limit);
      select.setFetchSize(Math.min(limit, 10_000));
      List<Bar> bars = new ArrayList<>(Math.min(limit, 10_000));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          bars.add(read(rs));
        }
      }
      if (reverse) {
        Collections.reverse(bars);
      }
      return bars;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read bars: " + e.getMessage(), e);
    }
  }

  private static Bar read(ResultSet rs) throws SQLException {
    long trades = rs.getLong(9);
    Long tradeCount = rs.wasNull() ? null : trades;
    return new Bar(
        rs.getString(1),
        Timeframe.parse(rs.getString(2)),
        rs.getObject(3, OffsetDateTime.class).toInstant(),
        rs.getBigDecimal(4),
        rs.getBigDecimal(5),
        rs.getBigDecimal(6),
        rs.getBigDecimal(7),
        rs.getLong(8),
        tradeCount,
        rs.getBigDecimal(10),
        rs.getInt(11),
        rs.getString(12));
  }
}
