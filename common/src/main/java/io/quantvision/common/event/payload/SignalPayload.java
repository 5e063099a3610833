package io.quantvision.common.event.payload;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A trading signal ({@code analysis.signals.v1}): {@code action} is {@code buy}, {@code sell} or
 * {@code hold}; {@code confidence} 0 to 100; {@code rules} maps each rule that spoke to its
 * version.
 */
public record SignalPayload(
    UUID signalId,
    String symbol,
    String timeframe,
    Instant barTime,
    String action,
    int confidence,
    List<String> reasons,
    Map<String, String> rules) {}
