package io.quantvision.trading.order;

import static io.quantvision.trading.Decimals.plain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An order on the wire, shaped after Alpaca's v2 order object (decimals as strings). */
public record OrderView(
    UUID id,
    String clientOrderId,
    Instant createdAt,
    Instant updatedAt,
    Instant submittedAt,
    Instant filledAt,
    Instant canceledAt,
    Instant expiredAt,
    Instant expiresAt,
    String assetClass,
    String symbol,
    BigDecimal qty,
    BigDecimal notional,
    BigDecimal filledQty,
    BigDecimal filledAvgPrice,
    String orderClass,
    String type,
    String orderType,
    String side,
    String timeInForce,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    String status,
    boolean extendedHours,
    BigDecimal commission) {

  public static OrderView of(Order order) {
    return new OrderView(
        order.id,
        order.clientOrderId,
        order.createdAt,
        order.updatedAt,
        order.submittedAt,
        order.filledAt,
        order.canceledAt,
        order.expiredAt,
        order.expiresAt,
        "us_equity",
        order.symbol,
        plain(order.qty),
        plain(order.notional),
        plain(order.filledQty),
        plain(order.filledAvgPrice),
        "simple",
        order.type,
        order.type,
        order.side,
        order.timeInForce,
        plain(order.limitPrice),
        plain(order.stopPrice),
        order.status,
        false,
        plain(order.commission));
  }
}
