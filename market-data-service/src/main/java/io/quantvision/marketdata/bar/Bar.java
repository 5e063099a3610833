package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quantvision.common.event.payload.BarPayload;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One OHLCV bar as stored and served. {@code start} is the bar's open time (UTC); {@code revision}
 * is 1 when first stored and grows with each provider correction (0 on a bar not yet stored).
 */
@JsonSerialize(using = BarJson.class)
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

  /** This bar as stored at {@code next} (a first insert is revision 1). */
  public Bar withRevision(int next) {
    return new Bar(
        symbol, timeframe, start, open, high, low, close, volume, tradeCount, vwap, next, provider);
  }

  /**
   * Whether {@code other} carries the same market data (prices compared as numbers, so 101.50
   * equals 101.5); the provider and the revision are not market data.
   */
  public boolean sameValuesAs(Bar other) {
    return open.compareTo(other.open) == 0
        && high.compareTo(other.high) == 0
        && low.compareTo(other.low) == 0
        && close.compareTo(other.close) == 0
        && volume == other.volume
        && java.util.Objects.equals(tradeCount, other.tradeCount)
        && (vwap == null
            ? other.vwap == null
            : other.vwap != null && vwap.compareTo(other.vwap) == 0);
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
