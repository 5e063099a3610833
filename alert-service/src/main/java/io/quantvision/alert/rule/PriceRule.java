package io.quantvision.alert.rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A user's price rule and its state (the last close it saw; whether a move is being reported). */
public record PriceRule(
    UUID id,
    String symbol,
    String timeframe,
    String condition,
    BigDecimal price,
    BigDecimal percent,
    Integer windowBars,
    BigDecimal lastClose,
    Instant lastBarStart,
    boolean triggered,
    int firedCount,
    Instant createdAt) {}
