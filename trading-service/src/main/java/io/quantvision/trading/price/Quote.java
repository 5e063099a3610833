package io.quantvision.trading.price;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** A price and the moment it was true; {@code source} is {@code bars} or {@code market-data}. */
public record Quote(
    String symbol, BigDecimal price, Instant asOf, boolean flaggedStale, String source) {

  public boolean isStale(Instant now, Duration maxAge) {
    return flaggedStale || asOf.isBefore(now.minus(maxAge));
  }
}
