package io.quantvision.alert.rule;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/**
 * A new price rule. {@code crosses_above} / {@code crosses_below} need {@code price}; {@code
 * moves_more_than} needs {@code percent} and {@code window_bars} (compare each close with the close
 * that many bars earlier). {@code timeframe} is the bar timeframe watched (default {@code 1Min}).
 */
public record PriceRuleRequest(
    @NotNull @Pattern(regexp = "[A-Za-z0-9.\\-]{1,15}", message = "must be a ticker symbol")
        String symbol,
    @Pattern(regexp = "1Min|5Min|15Min|30Min|1Hour|4Hour|1Day", message = "must be a bar timeframe")
        String timeframe,
    @NotNull
        @Pattern(
            regexp = "crosses_above|crosses_below|moves_more_than",
            message = "must be crosses_above, crosses_below or moves_more_than")
        String condition,
    @DecimalMin(value = "0", inclusive = false) BigDecimal price,
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") BigDecimal percent,
    @Min(1) @Max(1000) Integer windowBars) {}
