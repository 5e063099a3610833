package io.quantvision.alert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.alert.db.Db;
import io.quantvision.alert.delivery.Channel;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's meters (docs/metrics.md): alerts received, duplicates dropped, delivery attempts by
 * channel and outcome, and two gauges read from PostgreSQL every few seconds (deliveries waiting,
 * alerts open), so every instance reports the shared truth.
 */
@ApplicationScoped
public class AlertMetrics {

  private static final List<String> SEVERITIES = List.of("critical", "warning", "info");

  private final MeterRegistry registry;
  private final Db db;
  private final Map<Channel, AtomicLong> pending = new EnumMap<>(Channel.class);
  private final Map<String, AtomicLong> active = new HashMap<>();

  AlertMetrics(MeterRegistry registry, Db db) {
    this.registry = registry;
    this.db = db;
    for (Channel channel : Channel.values()) {
      AtomicLong value = new AtomicLong();
      pending.put(channel, value);
      Gauge.builder("qv.alerts.outbox.pending", value, AtomicLong::get)
          .description("deliveries waiting to be sent")
          .tag("channel", channel.wire())
          .register(registry);
    }
    for (String severity : SEVERITIES) {
      AtomicLong value = new AtomicLong();
      active.put(severity, value);
      Gauge.builder("qv.alerts.active", value, AtomicLong::get)
          .description("alerts firing or acknowledged")
          .tag("severity", severity)
          .register(registry);
    }
  }

  public void received(String source, String severity) {
    Counter.builder("qv.alerts.received")
        .description("alerts taken in, before de-duplication")
        .tag("source", source == null ? "unknown" : source)
        .tag("severity", severity == null ? "unknown" : severity)
        .register(registry)
        .increment();
  }

  public void duplicate(String source) {
    Counter.builder("qv.alerts.duplicates")
        .description("notifications dropped as duplicates (Alertmanager HA pairs, redeliveries)")
        .tag("source", source)
        .register(registry)
        .increment();
  }

  /** outcome: delivered, retried, failed, skipped (channel not configured). */
  public void delivery(Channel channel, String outcome) {
    Counter.builder("qv.alerts.deliveries")
        .description("delivery attempts by channel and outcome")
        .tag("channel", channel.wire())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public long pending(Channel channel) {
    return pending.get(channel).get();
  }

  @Scheduled(every = "${alert.metrics-refresh:5s}", delayed = "1s")
  void refresh() {
    Map<String, Long> waiting = new HashMap<>();
    db.query(
        "SELECT channel, count(*) FROM delivery WHERE status IN ('pending', 'sending')"
            + " GROUP BY channel",
        rs -> waiting.put(rs.getString(1), rs.getLong(2)));
    pending.forEach((channel, value) -> value.set(waiting.getOrDefault(channel.wire(), 0L)));
    Map<String, Long> open = new HashMap<>();
    db.query(
        "SELECT severity, count(*) FROM alert WHERE status <> 'resolved' GROUP BY severity",
        rs -> open.put(rs.getString(1), rs.getLong(2)));
    active.forEach((severity, value) -> value.set(open.getOrDefault(severity, 0L)));
  }
}
