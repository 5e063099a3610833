package io.quantvision.alert.stream;

import io.quantvision.alert.intake.AlertIntake;
import io.quantvision.alert.intake.IncomingAlert;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.support.stream.StreamHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Operational and business alerts other services raise on {@code alerts.events.v1}. Their
 * fingerprints are namespaced by the raising service, so two services cannot collide.
 */
@ApplicationScoped
public class ServiceAlertHandler implements StreamHandler {

  private static final Logger LOG = Logger.getLogger(ServiceAlertHandler.class);
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  private final AlertIntake intake;

  ServiceAlertHandler(AlertIntake intake) {
    this.intake = intake;
  }

  @Override
  public String stream() {
    return Streams.ALERTS_EVENTS;
  }

  @Override
  public void handle(EventEnvelope event) {
    if (!event.is(EventType.ALERT)) {
      return;
    }
    AlertPayload alert = event.payloadAs(EventType.ALERT);
    if (alert.fingerprint() == null
        || alert.fingerprint().isBlank()
        || !(AlertPayload.FIRING.equals(alert.status())
            || AlertPayload.RESOLVED.equals(alert.status()))) {
      LOG.warnf("ignoring unusable alert event %s", event.id());
      return;
    }
    String source = event.source() == null || event.source().isBlank() ? "service" : event.source();
    String severity = alert.severity() == null ? "" : alert.severity().toLowerCase(Locale.ROOT);
    if (!SEVERITIES.contains(severity)) {
      severity = "warning";
    }
    Map<String, String> labels = new HashMap<>(alert.labels() == null ? Map.of() : alert.labels());
    labels.putIfAbsent("service", source);
    labels.putIfAbsent("severity", severity);
    String summary =
        alert.summary() == null || alert.summary().isBlank()
            ? labels.getOrDefault("alertname", "alert from " + source)
            : alert.summary();
    intake.take(
        new IncomingAlert(
            source + ":" + alert.fingerprint(),
            source,
            severity,
            alert.status(),
            summary,
            alert.details(),
            labels,
            event.occurredAt(),
            null,
            null,
            false));
  }
}
