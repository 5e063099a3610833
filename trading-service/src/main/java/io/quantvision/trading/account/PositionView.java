package io.quantvision.trading.account;

import java.math.BigDecimal;

/** A position on the wire, after Alpaca's position object. */
public record PositionView(
    String symbol,
    String assetClass,
    String side,
    BigDecimal qty,
    BigDecimal avgEntryPrice,
    BigDecimal costBasis,
    BigDecimal currentPrice,
    BigDecimal marketValue,
    BigDecimal unrealizedPl,
    BigDecimal unrealizedPlpc) {}
