package io.quantvision.alert.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.alert.AlertRepository;
import io.quantvision.alert.alert.AlertView;
import io.quantvision.alert.db.Db;
import io.quantvision.alert.delivery.Action;
import io.quantvision.alert.delivery.Channel;
import io.quantvision.alert.delivery.DeliveryStore;
import io.quantvision.alert.metrics.AlertMetrics;
import io.quantvision.alert.routing.Inhibitions;
import io.quantvision.alert.routing.Router;
import io.quantvision.alert.routing.Silences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes alerts in: de-duplicates on the fingerprint, applies silences and inhibition, and writes
 * the notifications to the delivery outbox in the same transaction as the alert change.
 *
 * <p>A fingerprint that is already open (firing or acknowledged) only counts an occurrence; it is
 * notified again after the repeat interval if still firing. A resolved alert is resolved on every
 * channel that was told it fired.
 */
@ApplicationScoped
public class AlertIntake {

  /** What taking an alert in did. */
  public enum Effect {
    CREATED,
    REPEATED,
    RESOLVED,
    IGNORED
  }

  /** The alert affected (if any) and what happened to it. */
  public record Result(UUID alertId, Effect effect) {}

  private static final Logger LOG = Logger.getLogger(AlertIntake.class);
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private final Db db;
  private final AlertRepository alerts;
  private final DeliveryStore deliveries;
  private final Router router;
  private final Silences silences;
  private final Inhibitions inhibitions;
  private final AlertConfig config;
  private final AlertMetrics metrics;
  private final ObjectMapper json;

  AlertIntake(
      Db db,
      AlertRepository alerts,
      DeliveryStore deliveries,
      Router router,
      Silences silences,
      Inhibitions inhibitions,
      AlertConfig config,
      AlertMetrics metrics,
      ObjectMapper json) {
    this.db = db;
    this.alerts = alerts;
    this.deliveries = deliveries;
    this.router = router;
    this.silences = silences;
    this.inhibitions = inhibitions;
    this.config = config;
    this.metrics = metrics;
    this.json = json;
  }

  @Transactional
  public Result take(IncomingAlert in) {
    metrics.received(in.source(), in.severity());
    return in.firing() ? fire(in) : resolve(in);
  }

  private Result fire(IncomingAlert in) {
    Instant now = Instant.now();
    Instant seen = in.at() == null ? now : in.at();
    // one open alert per fingerprint: a concurrent duplicate waits on the unique index and counts.
    // A new alert is written as notified (it is, below, unless suppressed: then it is cleared), and
    // the row comes back whole: no read-back and no second update per alert.
    Optional<Object[]> row =
        db.one(
            "INSERT INTO alert (id, fingerprint, source, severity, status, summary, details,"
                + " labels, user_id, first_seen, last_seen, occurrences, last_notified_at)"
                + " VALUES (?, ?, ?, ?, 'firing', ?, ?, CAST(? AS jsonb), ?, ?, ?, 1, ?)"
                + " ON CONFLICT (fingerprint) WHERE status <> 'resolved' DO UPDATE SET"
                + " occurrences = alert.occurrences + 1,"
                + " last_seen = greatest(alert.last_seen, EXCLUDED.last_seen),"
                + " summary = EXCLUDED.summary, details = EXCLUDED.details,"
                + " labels = EXCLUDED.labels"
                + " RETURNING *, (xmax = 0) AS created",
            rs ->
                new Object[] {
                  alerts.read(rs), rs.getBoolean("created"), Db.instant(rs, "last_notified_at")
                },
            UUID.randomUUID(),
            in.fingerprint(),
            in.source(),
            in.severity(),
            in.summary(),
            in.details(),
            write(in.labels()),
            in.userId(),
            seen,
            seen,
            now);
    Object[] r = row.orElseThrow();
    AlertView view = (AlertView) r[0];
    UUID id = view.id();
    boolean created = (Boolean) r[1];
    String status = view.status();
    String suppressedBy = view.suppressedBy();
    Instant lastNotified = (Instant) r[2];

    if (created) {
      Optional<String> suppression = suppression(in.fingerprint(), in.labels(), now);
      if (suppression.isPresent()) {
        db.update(
            "UPDATE alert SET suppressed_by = ?, last_notified_at = NULL WHERE id = ?",
            suppression.get(),
            id);
        LOG.infof("alert %s (%s) suppressed by %s", id, in.fingerprint(), suppression.get());
      } else {
        enqueueAll(view, in, 0); // last_notified_at written by the insert
      }
      if (in.oneShot()) {
        db.update("UPDATE alert SET status = 'resolved', resolved_at = ? WHERE id = ?", now, id);
      }
      return new Result(id, Effect.CREATED);
    }
    if (!"firing".equals(status)) {
      return new Result(id, Effect.REPEATED);
    }
    if (suppressedBy != null) {
      // Alertmanager semantics: once the silence ends or the inhibiting alert resolves, the
      // next occurrence is notified
      if (suppression(in.fingerprint(), in.labels(), now).isEmpty()) {
        db.update("UPDATE alert SET suppressed_by = NULL WHERE id = ?", id);
        notifyAll(id, in, now, deliveries.nextRound(id));
      }
    } else if (lastNotified != null && !lastNotified.plus(config.repeatInterval()).isAfter(now)) {
      notifyAll(id, in, now, deliveries.nextRound(id));
    }
    return new Result(id, Effect.REPEATED);
  }

  private Result resolve(IncomingAlert in) {
    Instant now = Instant.now();
    Optional<UUID> resolved =
        db.one(
            "UPDATE alert SET status = 'resolved', resolved_at = ?, last_seen = greatest(last_seen, ?)"
                + " WHERE fingerprint = ? AND status <> 'resolved' RETURNING id",
            rs -> rs.getObject("id", UUID.class),
            now,
            in.at() == null ? now : in.at(),
            in.fingerprint());
    if (resolved.isEmpty()) {
      LOG.debugf("resolved alert %s was not open here: nothing to do", in.fingerprint());
      return new Result(null, Effect.IGNORED);
    }
    AlertView view = alerts.find(resolved.get()).orElseThrow();
    for (Channel channel : deliveries.notifiedChannels(view.id())) {
      deliveries.enqueue(view, channel, Action.RESOLVE, 0);
    }
    return new Result(view.id(), Effect.RESOLVED);
  }

  private void notifyAll(UUID id, IncomingAlert in, Instant now, int round) {
    enqueueAll(alerts.find(id).orElseThrow(), in, round);
    db.update("UPDATE alert SET last_notified_at = ? WHERE id = ?", now, id);
  }

  private void enqueueAll(AlertView view, IncomingAlert in, int round) {
    for (Channel channel : router.channels(in.severity(), in.labels())) {
      deliveries.enqueue(view, channel, Action.TRIGGER, round);
    }
  }

  private Optional<String> suppression(
      String fingerprint, Map<String, String> labels, Instant now) {
    Optional<String> silenced = silences.silencing(labels, now).map(s -> "silence:" + s.id());
    if (silenced.isPresent()) {
      return silenced;
    }
    if (!inhibitions.anyTargets(labels)) {
      return Optional.empty();
    }
    return inhibitions
        .inhibitor(
            fingerprint,
            labels,
            required ->
                db.query(
                    "SELECT fingerprint, labels FROM alert WHERE status = 'firing'"
                        + " AND labels @> CAST(? AS jsonb) ORDER BY first_seen LIMIT 1000",
                    rs -> new Inhibitions.Firing(rs.getString(1), read(rs.getString(2))),
                    write(required)))
        .map(f -> "inhibited:" + f);
  }

  private Map<String, String> read(String labels) {
    try {
      return json.readValue(labels, LABELS);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private String write(Map<String, String> labels) {
    try {
      return json.writeValueAsString(labels == null ? Map.of() : labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
