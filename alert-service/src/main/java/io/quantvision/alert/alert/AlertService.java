package io.quantvision.alert.alert;

import io.quantvision.alert.db.Db;
import io.quantvision.alert.delivery.Action;
import io.quantvision.alert.delivery.Channel;
import io.quantvision.alert.delivery.DeliveryStore;
import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Acknowledging an alert here; PagerDuty is told in the same transaction (outbox). */
@ApplicationScoped
public class AlertService {

  private final Db db;
  private final AlertRepository alerts;
  private final DeliveryStore deliveries;

  AlertService(Db db, AlertRepository alerts, DeliveryStore deliveries) {
    this.db = db;
    this.alerts = alerts;
    this.deliveries = deliveries;
  }

  /**
   * Acknowledges a firing alert; acknowledging it again is a no-op. {@code userId} non-null limits
   * the caller to alerts of that user (non-admins).
   */
  @Transactional
  public AlertView acknowledge(UUID id, String by, String userId) {
    AlertView alert =
        alerts
            .find(id)
            .filter(a -> userId == null || userId.equals(a.userId()))
            .orElseThrow(() -> ProblemException.notFound("No alert " + id));
    if ("resolved".equals(alert.status())) {
      throw ProblemException.conflict("Alert " + id + " is resolved");
    }
    int changed =
        db.update(
            "UPDATE alert SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE id = ? AND status = 'firing'",
            Instant.now(),
            by,
            id);
    AlertView now = alerts.find(id).orElseThrow();
    if (changed == 1 && deliveries.notifiedChannels(id).contains(Channel.PAGERDUTY)) {
      deliveries.enqueue(now, Channel.PAGERDUTY, Action.ACKNOWLEDGE, 0);
    }
    return now;
  }
}
