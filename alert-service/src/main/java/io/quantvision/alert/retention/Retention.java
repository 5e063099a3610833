package io.quantvision.alert.retention;

import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.db.Db;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The retention policy: resolved alerts (with their deliveries) older than {@code alert.retention}
 * (default 90 days) are purged, and so are expired silences; Alertmanager receipts and the closes
 * kept for move rules are needed for days, not months. Open alerts are never purged.
 */
@ApplicationScoped
public class Retention {

  private static final Logger LOG = Logger.getLogger(Retention.class);
  static final Duration WORKING_SET = Duration.ofDays(7);

  private final Db db;
  private final AlertConfig config;

  Retention(Db db, AlertConfig config) {
    this.db = db;
    this.config = config;
  }

  @Scheduled(
      every = "${alert.purge-interval}",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    purge();
  }

  /** Purges; returns how many alerts went. Safe on several instances at once (plain deletes). */
  @Transactional
  public int purge() {
    Instant now = Instant.now();
    Instant cutoff = now.minus(config.retention());
    int alerts =
        db.update("DELETE FROM alert WHERE status = 'resolved' AND resolved_at < ?", cutoff);
    db.update("DELETE FROM silence WHERE ends_at < ?", cutoff);
    db.update("DELETE FROM alertmanager_receipt WHERE received_at < ?", now.minus(WORKING_SET));
    db.update("DELETE FROM bar_close WHERE start < ?", now.minus(WORKING_SET));
    db.update("DELETE FROM delivery_group WHERE last_sent_at < ?", now.minus(WORKING_SET));
    if (alerts > 0) {
      LOG.infof("purged %d resolved alerts older than %s", alerts, config.retention());
    }
    return alerts;
  }
}
