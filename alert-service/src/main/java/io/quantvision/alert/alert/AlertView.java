package io.quantvision.alert.alert;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An alert as the API shows it. */
public record AlertView(
    UUID id,
    String fingerprint,
    String source,
    String severity,
    String status,
    String summary,
    String details,
    Map<String, String> labels,
    String userId,
    Instant firstSeen,
    Instant lastSeen,
    int occurrences,
    String suppressedBy,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt) {}
