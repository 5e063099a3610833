package io.quantvision.analysis;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.BarPayload;
import io.quarkus.redis.datasource.RedisDataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes real {@code md.bars.v1} events, as market-data will: the JSON envelope in the {@code
 * envelope} field of an XADD. Every test uses its own symbols (the stream is shared).
 */
public final class BarFeed {

  public static final String MINUTE = "1Min";

  private BarFeed() {}

  public static String newSymbol() {
    return "QV"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
  }

  /** The start of the minute bar that closed most recently: series ending here are fresh. */
  public static Instant lastClosedMinute() {
    return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
  }

  public static EventEnvelope bar(
      String symbol, Instant start, double open, double close, long volume, int revision) {
    double high = Math.max(open, close) + 0.05;
    double low = Math.min(open, close) - 0.05;
    return EventEnvelope.create(
        EventType.BAR,
        "market-data-service",
        null,
        new BarPayload(
            symbol,
            MINUTE,
            start,
            price(open),
            price(high),
            price(low),
            price(close),
            volume,
            10L,
            price((high + low + close) / 3),
            revision,
            "test"));
  }

  /**
   * {@code count} one-minute bars ending at {@code lastStart}: a slow, steady decline (no rule
   * fires), then a jump on the last bar that crosses every buy rule at once.
   */
  public static List<EventEnvelope> declineThenJump(String symbol, Instant lastStart, int count) {
    List<EventEnvelope> bars = new ArrayList<>();
    double close = 100;
    for (int i = 0; i < count; i++) {
      double open = close;
      close = i == count - 1 ? open + 8 : open - 0.01;
      bars.add(
          bar(
              symbol,
              lastStart.minus(count - 1 - i, ChronoUnit.MINUTES),
              open,
              close,
              1_000 + i,
              1));
    }
    return bars;
  }

  /** {@code count} quiet one-minute bars ending at {@code lastStart}, alternating up and down. */
  public static List<EventEnvelope> quiet(String symbol, Instant lastStart, int count) {
    List<EventEnvelope> bars = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double open = 100 + (i % 2) * 0.1;
      double close = 100 + ((i + 1) % 2) * 0.1;
      bars.add(
          bar(symbol, lastStart.minus(count - 1 - i, ChronoUnit.MINUTES), open, close, 500, 1));
    }
    return bars;
  }

  public static void publish(RedisDataSource redis, List<EventEnvelope> events) {
    var streams = redis.stream(String.class, String.class, String.class);
    for (EventEnvelope event : events) {
      streams.xadd(Streams.MD_BARS, Map.of(Streams.ENVELOPE_FIELD, EventCodec.encode(event)));
    }
  }

  public static BarPayload payload(EventEnvelope event) {
    return event.payloadAs(EventType.BAR);
  }

  /** Bars this service holds for the symbol (any timeframe). */
  public static int storedBars(AgroalDataSource db, String symbol) {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM bar WHERE symbol = ?")) {
      s.setString(1, symbol);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigDecimal price(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
  }
}
