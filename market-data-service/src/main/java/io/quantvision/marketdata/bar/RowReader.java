package io.quantvision.marketdata.bar;

import io.quantvision.common.time.ApiTimes;
import io.quantvision.marketdata.market.MarketCalendar;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one imported row (CSV line or JSON object, as name → text) into a {@link Candidate} or a
 * {@link Rejection}. Column names follow the common layouts: {@code
 * date,open,high,low,close,volume} (Yahoo-style, {@code Adj Close} ignored), {@code timestamp,...},
 * Alpaca's {@code t,o,h,l,c,v,n,vw} and the suite's own {@code
 * symbol,timeframe,start,...,trade_count,vwap}.
 */
public final class RowReader {

  static final Map<String, List<String>> ALIASES =
      Map.of(
          "symbol", List.of("symbol", "ticker"),
          "timeframe", List.of("timeframe"),
          "start", List.of("start", "t", "timestamp", "time", "datetime", "date"),
          "open", List.of("open", "o"),
          "high", List.of("high", "h"),
          "low", List.of("low", "l"),
          "close", List.of("close", "c"),
          "volume", List.of("volume", "v", "vol"),
          "trade_count", List.of("trade_count", "trades", "n", "count"),
          "vwap", List.of("vwap", "vw"));

  private static final Pattern EPOCH = Pattern.compile("\\d{9,13}");
  private static final DateTimeFormatter LOCAL_DATE_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private final String defaultSymbol;
  private final Timeframe defaultTimeframe;
  private final ZoneId zone;
  private final String provider;

  /**
   * @param defaultSymbol for rows without a symbol column (a one-symbol file), may be null
   * @param defaultTimeframe for rows without a timeframe column, may be null
   * @param zone how to read local date-times without an offset (New York by default)
   */
  public RowReader(String defaultSymbol, Timeframe defaultTimeframe, ZoneId zone, String provider) {
    this.defaultSymbol = defaultSymbol;
    this.defaultTimeframe = defaultTimeframe;
    this.zone = zone == null ? MarketCalendar.ZONE : zone;
    this.provider = provider;
  }

  /** The canonical name of a column header, or null when it is not one we read. */
  public static String canonical(String header) {
    String name = header.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    for (Map.Entry<String, List<String>> alias : ALIASES.entrySet()) {
      if (alias.getValue().contains(name)) {
        return alias.getKey();
      }
    }
    return null;
  }

  /** Either a candidate bar or why not. {@code row} maps canonical names to trimmed text. */
  public RowOutcome read(long position, boolean byLine, Map<String, String> row) {
    try {
      String symbol = text(row, "symbol", defaultSymbol);
      if (symbol == null) {
        return missing(position, byLine, "symbol");
      }
      String timeframeText = row.get("timeframe");
      Timeframe timeframe;
      if (timeframeText == null || timeframeText.isBlank()) {
        if (defaultTimeframe == null) {
          return missing(position, byLine, "timeframe");
        }
        timeframe = defaultTimeframe;
      } else {
        timeframe = Timeframe.find(timeframeText).orElse(null);
        if (timeframe == null) {
          return reject(
              position,
              byLine,
              RejectReason.UNKNOWN_TIMEFRAME,
              "timeframe '" + timeframeText + "' is not one of 1Min, 5Min, 15Min, 1Hour, 1Day");
        }
      }
      for (String required : List.of("start", "open", "high", "low", "close", "volume")) {
        if (blank(row.get(required))) {
          return missing(position, byLine, required);
        }
      }
      Bar bar =
          new Bar(
              symbol.trim().toUpperCase(Locale.ROOT),
              timeframe,
              instant(row.get("start")),
              decimal(row.get("open"), "open"),
              decimal(row.get("high"), "high"),
              decimal(row.get("low"), "low"),
              decimal(row.get("close"), "close"),
              whole(row.get("volume"), "volume"),
              blank(row.get("trade_count")) ? null : whole(row.get("trade_count"), "trade_count"),
              blank(row.get("vwap")) ? null : decimal(row.get("vwap"), "vwap"),
              0,
              provider);
      return new Candidate(position, byLine, bar);
    } catch (Unparseable e) {
      return reject(position, byLine, RejectReason.UNPARSEABLE, e.getMessage());
    }
  }

  private Instant instant(String text) {
    String value = text.trim();
    Instant start = parse(value);
    if (!ApiTimes.accepted(start)) {
      throw new Unparseable("start '" + value + "' is not " + ApiTimes.RANGE);
    }
    return start;
  }

  private Instant parse(String value) {
    try {
      if (EPOCH.matcher(value).matches()) {
        long epoch = Long.parseLong(value);
        return value.length() >= 12 ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
      }
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(MarketCalendar.ZONE).toInstant();
      }
      if (value.endsWith("Z") || value.matches(".*[+-]\\d{2}:?\\d{2}$")) {
        return OffsetDateTime.parse(value.replace(' ', 'T')).toInstant();
      }
      return LocalDateTime.parse(value, LOCAL_DATE_TIME).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      throw new Unparseable(
          "start '" + value + "' is not a date, an RFC 3339 time or epoch seconds/millis");
    }
  }

  private static BigDecimal decimal(String text, String field) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new Unparseable(field + " '" + text + "' is not a number");
    }
  }

  private static long whole(String text, String field) {
    try {
      return new BigDecimal(text.trim()).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new Unparseable(field + " '" + text + "' is not a whole number");
    }
  }

  private static String text(Map<String, String> row, String field, String fallback) {
    String value = row.get(field);
    return blank(value) ? fallback : value;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Rejection missing(long position, boolean byLine, String field) {
    return reject(position, byLine, RejectReason.MISSING_FIELD, "no value for '" + field + "'");
  }

  private static Rejection reject(
      long position, boolean byLine, RejectReason reason, String message) {
    return byLine
        ? Rejection.atLine(position, reason, message)
        : Rejection.atIndex(position, reason, message);
  }

  private static final class Unparseable extends RuntimeException {
    Unparseable(String message) {
      super(message, null, false, false);
    }
  }
}
