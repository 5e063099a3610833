package io.quantvision.trading.alert;

import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.support.stream.Outbox;
import io.quantvision.trading.risk.RiskLimits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Operational alerts on {@code alerts.events.v1}, through the outbox: bursts of risk rejections
 * (warning) and of broker failures (critical), and every kill-switch change. Bursts are counted per
 * instance in a sliding window; one alert per window, not one per event.
 */
@ApplicationScoped
public class TradingAlerts {

  private static final Logger LOG = Logger.getLogger(TradingAlerts.class);
  private static final String SERVICE = "trading-service";

  private final Outbox outbox;
  private final RiskLimits limits;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  TradingAlerts(Outbox outbox, RiskLimits limits) {
    this.outbox = outbox;
    this.limits = limits;
  }

  public void riskRejected(String reason) {
    if (window("risk").hit(limits.rejectionBurst(), limits.burstWindow())) {
      raiseAlone(
          "TradingRiskRejectionBurst",
          "trading-risk-rejection-burst",
          "warning",
          limits.rejectionBurst()
              + " or more orders rejected by risk checks within "
              + limits.burstWindow(),
          "latest reason: " + reason,
          Map.of("reason", reason));
    }
  }

  /** Broker failures are rarer and matter more: a handful within the window pages. */
  public void brokerFailed(String broker, String kind, String detail) {
    int threshold = Math.max(3, limits.rejectionBurst() / 4);
    if (window("broker-" + broker).hit(threshold, limits.burstWindow())) {
      raiseAlone(
          "TradingBrokerFailures",
          "trading-broker-failures-" + broker,
          "critical",
          threshold + " or more " + broker + " broker calls failed within " + limits.burstWindow(),
          "latest: " + kind + ": " + detail,
          Map.of("broker", broker, "kind", kind));
    }
  }

  /** The kill switch moved; call inside the transaction that moved it. */
  public void tradingStateChanged(String state, String actor, String reason) {
    boolean active = "ACTIVE".equals(state);
    String severity = "HALTED".equals(state) ? "critical" : active ? "info" : "warning";
    add(
        "TradingKillSwitch",
        "trading-kill-switch",
        severity,
        active ? AlertPayload.RESOLVED : AlertPayload.FIRING,
        active ? "Trading resumed by " + actor : "Trading set to " + state + " by " + actor,
        reason,
        Map.of("state", state));
  }

  private void raiseAlone(
      String name,
      String fingerprint,
      String severity,
      String summary,
      String details,
      Map<String, String> labels) {
    try {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  add(name, fingerprint, severity, AlertPayload.FIRING, summary, details, labels));
    } catch (RuntimeException e) {
      LOG.errorf("cannot raise alert %s: %s", name, e.getMessage());
    }
  }

  private void add(
      String name,
      String fingerprint,
      String severity,
      String status,
      String summary,
      String details,
      Map<String, String> extra) {
    Map<String, String> labels = new LinkedHashMap<>(extra);
    labels.put("service", SERVICE);
    labels.put("alertname", name);
    labels.put("severity", severity);
    outbox.add(
        EventEnvelope.create(
            EventType.ALERT,
            SERVICE,
            null,
            new AlertPayload(fingerprint, severity, status, summary, details, labels)));
  }

  private Window window(String key) {
    return windows.computeIfAbsent(key, k -> new Window());
  }

  /** Event times within the window; fires once when the threshold is reached, then re-arms. */
  private static final class Window {
    private final Deque<Long> hits = new ArrayDeque<>();
    private long quietUntil;

    synchronized boolean hit(int threshold, Duration window) {
      long now = System.nanoTime();
      hits.addLast(now);
      while (!hits.isEmpty() && now - hits.peekFirst() > window.toNanos()) {
        hits.removeFirst();
      }
      if (hits.size() >= threshold && now - quietUntil >= 0) {
        quietUntil = now + window.toNanos();
        return true;
      }
      return false;
    }
  }
}
