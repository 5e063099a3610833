package io.quantvision.common.event.payload;

import java.util.Map;

/**
 * An operational or business alert raised by a service ({@code alerts.events.v1}). The fingerprint
 * identifies the condition (the same condition raised twice is one alert); {@code status} is {@code
 * firing} or {@code resolved}; {@code severity} is {@code critical}, {@code warning} or {@code
 * info}.
 */
public record AlertPayload(
    String fingerprint,
    String severity,
    String status,
    String summary,
    String details,
    Map<String, String> labels) {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";
}
