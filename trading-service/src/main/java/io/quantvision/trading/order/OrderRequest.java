package io.quantvision.trading.order;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * {@code POST /api/v1/orders}, as Alpaca takes it: exactly one of {@code qty} and {@code notional};
 * a limit price for {@code limit} and {@code stop_limit}, a stop price for {@code stop} and {@code
 * stop_limit}. Field checks are here; the rules that tie fields together are in {@link OrderRules}.
 */
public record OrderRequest(
    @NotNull
        @Pattern(
            regexp = "[A-Za-z][A-Za-z0-9.]{0,9}",
            message = "must be a ticker: a letter, then up to 9 letters, digits or dots")
        String symbol,
    @NotNull @Pattern(regexp = "buy|sell", message = "must be buy or sell") String side,
    @NotNull
        @Pattern(
            regexp = "market|limit|stop|stop_limit",
            message = "must be market, limit, stop or stop_limit")
        String type,
    @Positive @DecimalMax("1000000") @Digits(integer = 7, fraction = 6) BigDecimal qty,
    @Positive @DecimalMax("10000000") @Digits(integer = 8, fraction = 2) BigDecimal notional,
    @Positive @DecimalMax("1000000") @Digits(integer = 7, fraction = 4) BigDecimal limitPrice,
    @Positive @DecimalMax("1000000") @Digits(integer = 7, fraction = 4) BigDecimal stopPrice,
    @NotNull @Pattern(regexp = "day|gtc|ioc|fok", message = "must be day, gtc, ioc or fok")
        String timeInForce,
    @Size(min = 1, max = 48)
        @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces")
        String clientOrderId) {}
