package io.quantvision.marketdata.quote;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code GET /api/v1/market/quotes/{symbol}}: a stable shape other services rely on
 * (trading-service forwards its caller's token here). Prices are decimal strings; a side with no
 * quote is null.
 */
public record QuoteView(
    String symbol,
    BigDecimal bidPrice,
    BigDecimal askPrice,
    BigDecimal lastPrice,
    Instant timestamp,
    boolean stale) {}
