package io.quantvision.common.event.payload;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A new or corrected OHLCV bar ({@code md.bars.v1}). {@code start} is the bar's open time; a
 * correction carries the same (symbol, timeframe, start) with a higher {@code revision}.
 */
public record BarPayload(
    String symbol,
    String timeframe,
    Instant start,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    long volume,
    Long tradeCount,
    BigDecimal vwap,
    int revision,
    String provider) {}
