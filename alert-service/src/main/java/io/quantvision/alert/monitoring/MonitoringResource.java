package io.quantvision.alert.monitoring;

import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.alert.AlertRepository;
import io.quantvision.alert.alert.AlertView;
import io.quantvision.alert.db.Db;
import io.quantvision.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The platform at a glance (admin): health, key figures, active alerts, green/yellow/red. */
@Path("/api/v1/monitoring")
@RolesAllowed(Roles.ADMIN)
public class MonitoringResource {

  private final HealthProbe probe;
  private final AlertRepository alerts;
  private final Db db;
  private final AlertConfig config;

  MonitoringResource(HealthProbe probe, AlertRepository alerts, Db db, AlertConfig config) {
    this.probe = probe;
    this.alerts = alerts;
    this.db = db;
    this.config = config;
  }

  @GET
  @Path("/health")
  public HealthReport health() {
    return probe.check();
  }

  @GET
  @Path("/alerts")
  public Map<String, List<AlertView>> active() {
    return Map.of("items", alerts.active());
  }

  @GET
  @Path("/metrics")
  public Map<String, Object> metrics() {
    Map<String, Object> figures = new LinkedHashMap<>();
    Map<String, Long> active = new LinkedHashMap<>();
    for (String severity : List.of("critical", "warning", "info")) {
      active.put(severity, 0L);
    }
    db.query(
        "SELECT severity, count(*) FROM alert WHERE status <> 'resolved' GROUP BY severity",
        rs -> active.put(rs.getString(1), rs.getLong(2)));
    figures.put("alerts_active", active);
    figures.put(
        "alerts_last_hour",
        db.count("SELECT count(*) FROM alert WHERE first_seen > now() - interval '1 hour'"));
    figures.put(
        "occurrences_last_hour",
        db.count(
            "SELECT coalesce(sum(occurrences), 0) FROM alert WHERE last_seen > now() - interval '1 hour'"));
    Map<String, Long> delivered = new LinkedHashMap<>();
    db.query(
        "SELECT channel, count(*) FROM delivery WHERE status = 'delivered'"
            + " AND delivered_at > now() - interval '1 hour' GROUP BY channel ORDER BY channel",
        rs -> delivered.put(rs.getString(1), rs.getLong(2)));
    figures.put("deliveries_last_hour", delivered);
    figures.put(
        "deliveries_failed_last_hour",
        db.count(
            "SELECT count(*) FROM delivery WHERE status = 'failed' AND next_attempt_at > now() - interval '1 hour'"));
    figures.put(
        "deliveries_pending",
        db.count("SELECT count(*) FROM delivery WHERE status IN ('pending', 'sending')"));
    figures.put(
        "oldest_pending_seconds",
        db.count(
            "SELECT coalesce(extract(epoch FROM now() - min(created_at))::bigint, 0) FROM delivery"
                + " WHERE status IN ('pending', 'sending')"));
    figures.put(
        "delivery_p99_ms_last_hour",
        db.count(
            "SELECT coalesce((percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM"
                + " delivered_at - created_at) * 1000))::bigint, 0) FROM delivery"
                + " WHERE status = 'delivered' AND delivered_at > now() - interval '1 hour'"));
    return figures;
  }

  /**
   * red: a service, PostgreSQL or Redis is not ready, or a critical alert is firing (and not
   * silenced or inhibited); yellow: a warning is firing, deliveries are piling up, or a channel is
   * failing or not configured; green otherwise.
   */
  @GET
  @Path("/status")
  public StatusReport status() {
    HealthReport health = probe.check();
    List<String> red = new ArrayList<>();
    List<String> yellow = new ArrayList<>();
    health.services().stream()
        .filter(r -> !r.ready())
        .forEach(r -> red.add(r.name() + " not ready: " + r.detail()));
    if (!health.postgresql().ready()) {
      red.add("postgresql not ready: " + health.postgresql().detail());
    }
    if (!health.redis().ready()) {
      red.add("redis not ready: " + health.redis().detail());
    }
    long critical = firing("critical");
    if (critical > 0) {
      red.add(critical + " critical alert(s) firing");
    }
    long warning = firing("warning");
    if (warning > 0) {
      yellow.add(warning + " warning alert(s) firing");
    }
    long pending = health.channels().stream().mapToLong(ChannelState::pending).sum();
    if (pending > config.monitoring().backlogWarning()) {
      yellow.add(pending + " deliveries waiting");
    }
    for (ChannelState channel : health.channels()) {
      if (!channel.configured()) {
        yellow.add(channel.channel() + " not configured");
      } else if (channel.failing()) {
        yellow.add(
            channel.channel()
                + " failing"
                + (channel.lastError() == null ? "" : ": " + channel.lastError()));
      }
    }
    String status = !red.isEmpty() ? "red" : !yellow.isEmpty() ? "yellow" : "green";
    List<String> reasons = new ArrayList<>(red);
    reasons.addAll(yellow);
    return new StatusReport(status, reasons, Instant.now());
  }

  private long firing(String severity) {
    return db.count(
        "SELECT count(*) FROM alert WHERE status = 'firing' AND severity = ?"
            + " AND suppressed_by IS NULL",
        severity);
  }
}
