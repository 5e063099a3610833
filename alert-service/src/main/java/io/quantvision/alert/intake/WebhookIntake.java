package io.quantvision.alert.intake;

import io.quantvision.alert.db.Db;
import io.quantvision.alert.metrics.AlertMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Takes one Alertmanager notification in, in one transaction. HA Alertmanager pairs deliver each
 * notification more than once: an alert whose (group key, fingerprint, status, startsAt) was seen
 * is skipped; the receipt's primary key makes a concurrent duplicate wait and then skip.
 */
@ApplicationScoped
public class WebhookIntake {

  public static final String SOURCE = "alertmanager";
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

  /** How many alerts were taken in and how many were duplicates. */
  public record Receipt(int accepted, int duplicates) {}

  private final Db db;
  private final AlertIntake intake;
  private final AlertMetrics metrics;

  WebhookIntake(Db db, AlertIntake intake, AlertMetrics metrics) {
    this.db = db;
    this.intake = intake;
    this.metrics = metrics;
  }

  @Transactional
  public Receipt take(AlertmanagerPayload payload) {
    int accepted = 0;
    int duplicates = 0;
    for (AlertmanagerPayload.Alert alert : payload.alerts()) {
      int fresh =
          db.update(
              "INSERT INTO alertmanager_receipt (group_key, fingerprint, status, starts_at)"
                  + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
              payload.groupKey(),
              alert.fingerprint(),
              alert.status(),
              alert.startsAt());
      if (fresh == 0) {
        duplicates++;
        metrics.duplicate(SOURCE);
        continue;
      }
      intake.take(toIncoming(alert));
      accepted++;
    }
    return new Receipt(accepted, duplicates);
  }

  static IncomingAlert toIncoming(AlertmanagerPayload.Alert alert) {
    Map<String, String> labels = new HashMap<>(alert.labels());
    Map<String, String> annotations = alert.annotations() == null ? Map.of() : alert.annotations();
    String severity = labels.getOrDefault("severity", "").toLowerCase(Locale.ROOT);
    if (!SEVERITIES.contains(severity)) {
      // Alertmanager's own root route sends alerts without a known severity to Slack
      severity = "warning";
    }
    String summary = annotations.get("summary");
    if (summary == null || summary.isBlank()) {
      summary = labels.getOrDefault("alertname", "alert " + alert.fingerprint());
    }
    boolean firing = "firing".equals(alert.status());
    Instant at =
        firing || alert.endsAt() == null || alert.endsAt().getEpochSecond() <= 0
            ? (firing ? alert.startsAt() : Instant.now())
            : alert.endsAt();
    return new IncomingAlert(
        alert.fingerprint(),
        SOURCE,
        severity,
        alert.status(),
        summary,
        annotations.get("description"),
        labels,
        at,
        null,
        null,
        false);
  }
}
