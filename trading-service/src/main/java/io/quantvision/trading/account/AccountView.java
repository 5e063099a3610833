package io.quantvision.trading.account;

import java.math.BigDecimal;
import java.time.Instant;

/** The account on the wire: cash, buying power, equity and P&L marked to the latest prices. */
public record AccountView(
    String id,
    String status,
    String currency,
    BigDecimal cash,
    BigDecimal buyingPower,
    BigDecimal longMarketValue,
    BigDecimal equity,
    BigDecimal realizedPl,
    BigDecimal unrealizedPl,
    String tradingState,
    Instant createdAt) {}
