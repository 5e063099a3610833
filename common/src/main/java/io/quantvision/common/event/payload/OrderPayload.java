package io.quantvision.common.event.payload;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An order lifecycle event ({@code trading.orders.v1}), shaped after Alpaca's trade updates: {@code
 * event} is what happened ({@code new}, {@code accepted}, {@code partial_fill}, {@code fill},
 * {@code canceled}, {@code expired}, {@code rejected}, ...), {@code status} the order's status
 * after it. A fill carries its {@code executionId}, {@code fillQty} and {@code fillPrice}.
 */
public record OrderPayload(
    UUID orderId,
    String clientOrderId,
    String userId,
    String symbol,
    String side,
    String type,
    String timeInForce,
    BigDecimal qty,
    BigDecimal notional,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    String event,
    String status,
    BigDecimal filledQty,
    BigDecimal filledAvgPrice,
    String executionId,
    BigDecimal fillQty,
    BigDecimal fillPrice,
    String reason,
    Instant updatedAt) {}
