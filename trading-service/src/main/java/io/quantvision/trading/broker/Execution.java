package io.quantvision.trading.broker;

import java.math.BigDecimal;
import java.time.Instant;

/** One fill reported by a broker; {@code executionId} is what duplicates are recognised by. */
public record Execution(
    String executionId, BigDecimal qty, BigDecimal price, BigDecimal commission, Instant at) {}
