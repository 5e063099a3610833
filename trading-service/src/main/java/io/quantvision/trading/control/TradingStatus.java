package io.quantvision.trading.control;

import java.time.Instant;

/** The kill switch as the admin API shows it. */
public record TradingStatus(
    TradingState state, String reason, String changedBy, Instant changedAt) {}
