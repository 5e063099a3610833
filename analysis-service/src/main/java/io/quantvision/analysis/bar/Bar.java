package io.quantvision.analysis.bar;

import io.quantvision.common.event.InvalidEventException;
import io.quantvision.common.event.payload.BarPayload;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A bar as this service keeps it: validated, with a canonical symbol and a known timeframe. */
public record Bar(
    String symbol,
    Timeframe timeframe,
    Instant start,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    long volume,
    Long tradeCount,
    BigDecimal vwap,
    int revision,
    String provider,
    UUID eventId) {

  /**
   * Reads a {@code md.bars.v1} payload.
   *
   * @throws InvalidEventException when the bar is not one this service can use (the entry is then
   *     dead-lettered by the stream plumbing rather than applied)
   */
  public static Bar from(BarPayload payload, UUID eventId) {
    String symbol = Symbols.canonical(payload.symbol());
    if (symbol == null) {
      throw invalid(eventId, "symbol '" + payload.symbol() + "' is not a symbol");
    }
    Timeframe timeframe =
        Timeframe.named(payload.timeframe())
            .orElseThrow(
                () ->
                    invalid(
                        eventId,
                        "timeframe '"
                            + payload.timeframe()
                            + "' is not one of "
                            + Timeframe.knownNames()));
    if (payload.start() == null) {
      throw invalid(eventId, "no start");
    }
    BigDecimal open = positive(payload.open(), "open", eventId);
    BigDecimal high = positive(payload.high(), "high", eventId);
    BigDecimal low = positive(payload.low(), "low", eventId);
    BigDecimal close = positive(payload.close(), "close", eventId);
    if (high.compareTo(open.max(close).max(low)) < 0 || low.compareTo(open.min(close)) > 0) {
      throw invalid(eventId, "high/low do not enclose open and close");
    }
    if (payload.volume() < 0) {
      throw invalid(eventId, "negative volume");
    }
    if (payload.revision() < 0) {
      throw invalid(eventId, "negative revision");
    }
    return new Bar(
        symbol,
        timeframe,
        payload.start(),
        open,
        high,
        low,
        close,
        payload.volume(),
        payload.tradeCount(),
        payload.vwap(),
        payload.revision(),
        payload.provider(),
        eventId);
  }

  private static BigDecimal positive(BigDecimal value, String field, UUID eventId) {
    if (value == null || value.signum() <= 0) {
      throw invalid(eventId, field + " must be a positive price");
    }
    return value;
  }

  private static InvalidEventException invalid(UUID eventId, String why) {
    return new InvalidEventException("bar event " + eventId + " is unusable: " + why);
  }
}
