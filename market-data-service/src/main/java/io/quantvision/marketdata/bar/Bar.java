package io.quantvision.marketdata.bar;

import io.quantvision.common.event.payload.BarPayload;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One OHLCV bar as stored and served. {@code start} is the bar's open time (UTC); {@code revision}
 * is 1 when first stored and grows with each provider correction (0 on a bar not yet stored).
 */
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
    String provider) {

  /** The key a bar is stored (and de-duplicated) under. */
  public record Key(String symbol, Timeframe timeframe, Instant start) {}

  public Key key() {
    return new Key(symbol, timeframe, start);
  }

  public BarPayload toPayload() {
    return new BarPayload(
        symbol,
        timeframe.label(),
        start,
        open,
        high,
        low,
        close,
        volume,
        tradeCount,
        vwap,
        revision,
        provider);
  }
}
