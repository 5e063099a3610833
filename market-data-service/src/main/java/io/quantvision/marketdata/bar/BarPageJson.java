package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON page of bars ({@code {"symbol", "timeframe", "items", "next_page_token"}}) written
 * straight from the rows of {@link BarRepository#scanRange}: the same bytes the suite's mapper
 * writes for a {@link BarResource.BarPage} of {@link Bar}s ({@code BarPageJsonTest}), except that a
 * decimal is always in plain notation (PostgreSQL's text, never {@code 1E-7}).
 *
 * <p>Why not Jackson on {@link Bar}s: a 1,000-bar page is 12,000 values; decoding binary numerics
 * into BigDecimals and printing them again, and {@code Instant.toString()}, took most of a query's
 * CPU (JFR, benchmarks/market-data/RESULTS.md). Here every value but the start is copied as the
 * bytes PostgreSQL sent; only symbol and provider can hold characters JSON must escape, and they go
 * through Jackson's encoder.
 */
final class BarPageJson implements BarRepository.RowSink {

  private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
  private static final byte[] NULL = ascii("null");
  private static final byte[] OPEN = ascii(",\"open\":");
  private static final byte[] HIGH = ascii(",\"high\":");
  private static final byte[] LOW = ascii(",\"low\":");
  private static final byte[] CLOSE = ascii(",\"close\":");
  private static final byte[] VOLUME = ascii(",\"volume\":");
  private static final byte[] TRADE_COUNT = ascii(",\"trade_count\":");
  private static final byte[] VWAP = ascii(",\"vwap\":");
  private static final byte[] REVISION = ascii(",\"revision\":");
  private static final byte[] PROVIDER = ascii(",\"provider\":");
  private static final byte[] START = ascii(",\"start\":\"");
  private static final byte[] QUOTE_Z = ascii("Z\"");

  private byte[] out;
  private int length;
  private final byte[] itemHead;
  private final int limit;
  private final Map<String, byte[]> providers = new HashMap<>();
  private int written;
  private boolean more;
  private OffsetDateTime last;
  private long dateDay = Long.MIN_VALUE;
  private byte[] date;

  /** A page of at most {@code limit} bars; a row beyond it only tells that more exist. */
  BarPageJson(String symbol, Timeframe timeframe, int limit) {
    this.limit = limit;
    byte[] quotedSymbol = quoted(symbol);
    byte[] tf = ascii(timeframe.label());
    this.out = new byte[256 + 240 * Math.min(limit, 1_000)];
    this.itemHead =
        concat(ascii("{\"symbol\":"), quotedSymbol, ascii(",\"timeframe\":\""), tf, ascii("\""));
    put(ascii("{\"symbol\":"));
    put(quotedSymbol);
    put(ascii(",\"timeframe\":\""));
    put(tf);
    put(ascii("\",\"items\":["));
  }

  @Override
  public void row(ResultSet rs) throws SQLException {
    if (written == limit) {
      more = true;
      return;
    }
    if (written > 0) {
      put((byte) ',');
    }
    last = rs.getObject(1, OffsetDateTime.class);
    put(itemHead);
    put(START);
    start(last);
    text(OPEN, rs.getBytes(2));
    text(HIGH, rs.getBytes(3));
    text(LOW, rs.getBytes(4));
    text(CLOSE, rs.getBytes(5));
    number(VOLUME, rs.getBytes(6));
    number(TRADE_COUNT, rs.getBytes(7));
    text(VWAP, rs.getBytes(8));
    number(REVISION, rs.getBytes(9));
    put(PROVIDER);
    put(providers.computeIfAbsent(rs.getString(10), BarPageJson::quoted));
    put((byte) '}');
    written++;
  }

  /** Whether the query had a row beyond the page (then {@link #lastStart} continues it). */
  boolean hasMore() {
    return more;
  }

  /** The start of the page's last bar (null on an empty page). */
  Instant lastStart() {
    return last == null ? null : last.toInstant();
  }

  int size() {
    return written;
  }

  /** Closes the page; {@code nextPageToken} may be null. */
  Buffer finish(String nextPageToken) {
    put(ascii("],\"next_page_token\":"));
    put(nextPageToken == null ? NULL : quoted(nextPageToken));
    put((byte) '}');
    return Buffer.buffer(Unpooled.wrappedBuffer(out, 0, length));
  }

  /** ISO-8601 as {@code Instant.toString()}; whole seconds (every aligned bar) without it. */
  private void start(OffsetDateTime time) {
    long epochSecond = time.toEpochSecond();
    long day = Math.floorDiv(epochSecond, 86_400L);
    if (time.getNano() != 0 || day < 0 || day > 2_932_896L) { // 1970-01-01 .. 9999-12-31
      put(ascii(time.toInstant().toString()));
      put((byte) '"');
      return;
    }
    if (day != dateDay) {
      dateDay = day;
      date = ascii(LocalDate.ofEpochDay(day).toString());
    }
    int second = (int) Math.floorMod(epochSecond, 86_400L);
    put(date);
    ensure(9);
    out[length++] = 'T';
    twoDigits(second / 3600);
    out[length++] = ':';
    twoDigits(second / 60 % 60);
    out[length++] = ':';
    twoDigits(second % 60);
    put(QUOTE_Z);
  }

  private void twoDigits(int value) {
    out[length++] = (byte) ('0' + value / 10);
    out[length++] = (byte) ('0' + value % 10);
  }

  /** A decimal as a JSON string (digits, '.', '-' only: nothing to escape), or null. */
  private void text(byte[] name, byte[] value) {
    put(name);
    if (value == null) {
      put(NULL);
    } else {
      ensure(value.length + 2);
      out[length++] = '"';
      System.arraycopy(value, 0, out, length, value.length);
      length += value.length;
      out[length++] = '"';
    }
  }

  /** An integer as a JSON number, or null. */
  private void number(byte[] name, byte[] value) {
    put(name);
    put(value == null ? NULL : value);
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, length, bytes.length);
    length += bytes.length;
  }

  private void put(byte b) {
    ensure(1);
    out[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
    }
  }

  private static byte[] quoted(String value) {
    return concat(ascii("\""), ESCAPE.quoteAsUTF8(value), ascii("\""));
  }

  private static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
