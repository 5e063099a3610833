package io.quantvision.marketdata.bar;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Bars in PostgreSQL, through plain JDBC: batched writes and range reads are the hot paths of this
 * service. New bars go in with {@code COPY} (what a backfill is mostly made of), corrections with
 * one {@code UPDATE ... FROM unnest(...)} per batch; row-at-a-time ORM writes would be an order of
 * magnitude slower.
 */
@ApplicationScoped
public class BarRepository {

  /** Replaces a bar's values with a provider's correction (the new revision comes from Java). */
  private static final String REVISE =
      """
      UPDATE bar AS b SET open = u.open::numeric, high = u.high::numeric, low = u.low::numeric,
             close = u.close::numeric, volume = u.volume, trade_count = u.trade_count,
             vwap = u.vwap::numeric, provider = u.provider, revision = u.revision,
             updated_at = now()
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                  ?::int8[], ?::int8[], ?::text[], ?::text[], ?::int4[])
           AS u(symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap,
                provider, revision)
      WHERE b.symbol = u.symbol AND b.timeframe = u.timeframe AND b.start = u.start::timestamptz
        AND b.revision = u.revision - 1
      """;

  private static final String COPY_NEW =
      "COPY bar (symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap,"
          + " provider) FROM STDIN";

  /** Rows per COPY buffer sent to the server. */
  private static final int COPY_CHUNK = 2_000;

  /**
   * Above this many bar intervals per requested bar, {@link #stored} probes the keys one by one
   * instead of scanning the range between the first and the last.
   */
  private static final int SPARSE_FACTOR = 4;

  /** Namespace of the series advisory locks (high 32 bits): "bar" + 0. */
  private static final long SERIES_LOCK_SPACE = 0x62617200L << 32;

  private static final String COLUMNS =
      "symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap, revision,"
          + " provider";

  private final AgroalDataSource dataSource;

  BarRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A symbol's bars of one timeframe: the unit of locking and of publication rows. */
  public record Series(String symbol, Timeframe timeframe) implements Comparable<Series> {

    @Override
    public int compareTo(Series other) {
      int bySymbol = symbol.compareTo(other.symbol);
      return bySymbol != 0 ? bySymbol : timeframe.compareTo(other.timeframe);
    }

    /** The key of this series' advisory lock. */
    long lockKey() {
      return SERIES_LOCK_SPACE | ((symbol + '/' + timeframe.label()).hashCode() & 0xffffffffL);
    }
  }

  /**
   * Takes the transaction-scoped write lock of each series, in one global order (two writers cannot
   * deadlock): between reading what is stored and writing, no other writer can add or revise a bar
   * of these series. Every write to {@code bar} goes through {@link BarWriter}, which takes these
   * locks first.
   */
  public void lockSeries(Collection<Series> series) {
    Long[] keys = series.stream().map(Series::lockKey).distinct().sorted().toArray(Long[]::new);
    if (keys.length == 0) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement lock =
            c.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM unnest(?::int8[]) AS l(k)")) {
      // unnest yields the keys in array order (sorted above); the locks are taken in that order
      lock.setArray(1, c.createArrayOf("int8", keys));
      try (ResultSet rs = lock.executeQuery()) {
        while (rs.next()) {
          // each row is one lock taken
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock " + keys.length + " bar series", e);
    }
  }

  /**
   * The stored bars of {@code series} among {@code starts} (ascending), by start: one range scan of
   * the primary key when the starts are dense (a backfill, a replay), key probes when sparse.
   */
  public Map<Instant, Bar> stored(Series series, List<Instant> starts) {
    Map<Instant, Bar> found = new HashMap<>();
    if (starts.isEmpty()) {
      return found;
    }
    Instant first = starts.getFirst();
    Instant last = starts.getLast();
    long intervals = Duration.between(first, last).dividedBy(series.timeframe().duration()) + 1;
    boolean dense = intervals <= (long) SPARSE_FACTOR * starts.size();
    String where = dense ? " AND start >= ? AND start <= ?" : " AND start = ANY (?::timestamptz[])";
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM bar WHERE symbol = ? AND timeframe = ?" + where)) {
      select.setString(1, series.symbol());
      select.setString(2, series.timeframe().label());
      if (dense) {
        select.setTimestamp(3, Timestamp.from(first));
        select.setTimestamp(4, Timestamp.from(last));
      } else {
        select.setArray(
            3, c.createArrayOf("timestamptz", starts.stream().map(Timestamp::from).toArray()));
      }
      select.setFetchSize(10_000);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Bar bar = read(rs);
          found.put(bar.start(), bar);
        }
      }
      return found;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read stored bars: " + e.getMessage(), e);
    }
  }

  /**
   * Inserts bars not stored yet (revision 1) with {@code COPY}, the fastest way into a table; the
   * caller holds their series' locks, so no other writer inserts the same keys meanwhile.
   */
  public void insertNew(List<Bar> bars) {
    if (bars.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_NEW);
      try {
        StringBuilder rows = new StringBuilder(COPY_CHUNK * 120);
        for (int i = 0; i < bars.size(); i++) {
          appendCopyRow(rows, bars.get(i));
          if ((i + 1) % COPY_CHUNK == 0 || i == bars.size() - 1) {
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            rows.setLength(0);
          }
        }
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot insert " + bars.size() + " bars: " + e.getMessage(), e);
    }
  }

  /** One row of COPY's text format; strings escaped, {@code \N} for null. */
  private static void appendCopyRow(StringBuilder row, Bar bar) {
    appendCopyText(row, bar.symbol()).append('\t').append(bar.timeframe().label()).append('\t');
    row.append(bar.start()).append('\t');
    row.append(bar.open().toPlainString()).append('\t');
    row.append(bar.high().toPlainString()).append('\t');
    row.append(bar.low().toPlainString()).append('\t');
    row.append(bar.close().toPlainString()).append('\t');
    row.append(bar.volume()).append('\t');
    if (bar.tradeCount() == null) {
      row.append("\\N");
    } else {
      row.append(bar.tradeCount().longValue());
    }
    row.append('\t');
    if (bar.vwap() == null) {
      row.append("\\N");
    } else {
      row.append(bar.vwap().toPlainString());
    }
    row.append('\t');
    appendCopyText(row, bar.provider()).append('\n');
  }

  private static StringBuilder appendCopyText(StringBuilder row, String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '\\' -> row.append("\\\\");
        case '\t' -> row.append("\\t");
        case '\n' -> row.append("\\n");
        case '\r' -> row.append("\\r");
        default -> row.append(ch);
      }
    }
    return row;
  }

  /**
   * Stores corrections: each bar carries its new revision, one above the stored one (the caller
   * holds the series locks, so the stored revision cannot have moved).
   */
  public void revise(List<Bar> bars) {
    if (bars.isEmpty()) {
      return;
    }
    int n = bars.size();
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
    Integer[] revision = new Integer[n];
    for (int i = 0; i < n; i++) {
      Bar bar = bars.get(i);
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
      revision[i] = bar.revision();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement update = c.prepareStatement(REVISE)) {
      update.setArray(1, c.createArrayOf("text", symbol));
      update.setArray(2, c.createArrayOf("text", timeframe));
      update.setArray(3, c.createArrayOf("text", start));
      update.setArray(4, c.createArrayOf("text", open));
      update.setArray(5, c.createArrayOf("text", high));
      update.setArray(6, c.createArrayOf("text", low));
      update.setArray(7, c.createArrayOf("text", close));
      update.setArray(8, c.createArrayOf("int8", volume));
      update.setArray(9, c.createArrayOf("int8", trades));
      update.setArray(10, c.createArrayOf("text", vwap));
      update.setArray(11, c.createArrayOf("text", provider));
      update.setArray(12, c.createArrayOf("int4", revision));
      int updated = update.executeUpdate();
      if (updated != n) {
        throw new IllegalStateException(
            "revised " + updated + " of " + n + " bars: a bar changed under the series lock");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot revise " + n + " bars: " + e.getMessage(), e);
    }
  }

  /**
   * Records, in the caller's transaction, that these bars of one series were inserted or revised:
   * the {@link BarPublisher} puts them on {@code md.bars.v1} after commit.
   */
  public void addPublication(Series series, List<Bar> changed, String correlationId) {
    if (changed.isEmpty()) {
      return;
    }
    Object[] starts = new Object[changed.size()];
    Integer[] revisions = new Integer[changed.size()];
    for (int i = 0; i < changed.size(); i++) {
      starts[i] = changed.get(i).start().toString();
      revisions[i] = changed.get(i).revision();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO bar_publication (symbol, timeframe, starts, revisions, correlation_id)"
                    + " VALUES (?, ?, ?::text[]::timestamptz[], ?, ?)")) {
      insert.setString(1, series.symbol());
      insert.setString(2, series.timeframe().label());
      insert.setArray(3, c.createArrayOf("text", starts));
      insert.setArray(4, c.createArrayOf("int4", revisions));
      insert.setString(5, correlationId);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record the bars to publish: " + e.getMessage(), e);
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

  /**
   * Receives the rows of {@link #scanRange} / {@link #scanTail}, in {@link #TEXT_COLUMNS} order.
   */
  @FunctionalInterface
  public interface RowSink {
    void row(ResultSet rs) throws SQLException;
  }

  /**
   * The columns the API serves, every value except {@code start} as PostgreSQL's own text (numerics
   * keep their stored scale, in plain notation): the page is written straight from these bytes,
   * without a {@link Bar} or a {@link BigDecimal} per value (benchmarks/market-data/RESULTS.md).
   */
  public static final String TEXT_COLUMNS =
      "start, open::text, high::text, low::text, close::text, volume::text, trade_count::text,"
          + " vwap::text, revision::text, provider";

  /** {@link #range} row by row into {@code sink}; returns how many rows it passed. */
  public int scanRange(
      String symbol, Timeframe timeframe, Instant from, Instant to, int limit, RowSink sink) {
    return scan(
        "SELECT "
            + TEXT_COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ? AND start >= ? AND start < ?"
            + " ORDER BY start LIMIT ?",
        symbol,
        timeframe,
        from,
        to,
        limit,
        sink);
  }

  /** {@link #tail} row by row into {@code sink}, oldest first; returns how many rows it passed. */
  public int scanTail(String symbol, Timeframe timeframe, Instant to, int limit, RowSink sink) {
    return scan(
        "SELECT * FROM (SELECT "
            + TEXT_COLUMNS
            + " FROM bar WHERE symbol = ? AND timeframe = ? AND start >= ? AND start < ?"
            + " ORDER BY start DESC LIMIT ?) newest ORDER BY start",
        symbol,
        timeframe,
        Instant.EPOCH,
        to,
        limit,
        sink);
  }

  private int scan(
      String sql,
      String symbol,
      Timeframe timeframe,
      Instant from,
      Instant to,
      int limit,
      RowSink sink) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, symbol);
      select.setString(2, timeframe.label());
      select.setObject(3, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      select.setObject(4, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
      select.setInt(5, limit);
      select.setFetchSize(Math.min(limit, 10_000));
      int rows = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          sink.row(rs);
          rows++;
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read bars: " + e.getMessage(), e);
    }
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
    List<Bar> bars = new ArrayList<>(Math.min(limit, 10_000));
    scan(sql, symbol, timeframe, from, to, limit, rs -> bars.add(read(rs)));
    if (reverse) {
      Collections.reverse(bars);
    }
    return bars;
  }

  private static Bar read(ResultSet rs) throws SQLException {
    long trades = rs.getLong(9);
    Long tradeCount = rs.wasNull() ? null : trades;
    return new Bar(
        rs.getString(1),
        Timeframe.parse(rs.getString(2)),
        rs.getObject(3, OffsetDateTime.class).toInstant(),
        compact(rs.getBigDecimal(4)),
        compact(rs.getBigDecimal(5)),
        compact(rs.getBigDecimal(6)),
        compact(rs.getBigDecimal(7)),
        rs.getLong(8),
        tradeCount,
        compact(rs.getBigDecimal(10)),
        rs.getInt(11),
        rs.getString(12));
  }

  /**
   * The driver decodes binary numerics into BigDecimals backed by a BigInteger (~100 bytes each); a
   * price fits a long, and the long-backed form is half the size: a 10,000-bar page held while it
   * is encoded is 50,000 of them (heap histogram under load, benchmarks/market-data/RESULTS.md).
   */
  private static BigDecimal compact(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigInteger unscaled = value.unscaledValue();
    return unscaled.bitLength() < 63
        ? BigDecimal.valueOf(unscaled.longValue(), value.scale())
        : value;
  }
}
