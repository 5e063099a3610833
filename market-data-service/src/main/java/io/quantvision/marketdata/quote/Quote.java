package io.quantvision.marketdata.quote;

import java.math.BigDecimal;
import java.time.Instant;

/** The latest top-of-book quote and last trade price of a symbol, as a provider reported it. */
public record Quote(
    String symbol,
    BigDecimal bidPrice,
    BigDecimal askPrice,
    BigDecimal lastPrice,
    Instant timestamp,
    String provider) {}
