package io.quantvision.alert.intake;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as any source hands it in: Alertmanager, a service event, a business notification or a
 * price rule. {@code oneShot} notifications (fills, signals, price crossings) are recorded and sent
 * once and are resolved at once: nothing will ever resolve them.
 */
public record IncomingAlert(
    String fingerprint,
    String source,
    String severity,
    String status,
    String summary,
    String details,
    Map<String, String> labels,
    Instant at,
    String userId,
    String recipient,
    boolean oneShot) {

  public static final String FIRING = "firing";
  public static final String RESOLVED = "resolved";

  public boolean firing() {
    return FIRING.equals(status);
  }
}
