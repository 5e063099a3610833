package io.quantvision.trading.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.trading.broker.BrokerException;
import io.quantvision.trading.risk.RiskReason;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trading meters of docs/metrics.md, registered at start-up with every known tag value so each
 * series exists (at zero) before its first use and dashboards never see a gap.
 */
@ApplicationScoped
public class TradingMetrics {

  public static final List<String> OUTCOMES = List.of("accepted", "rejected", "replayed");
  public static final List<String> BROKERS = List.of("paper", "alpaca");

  private final MeterRegistry registry;
  private final AtomicInteger state = new AtomicInteger();
  private final AtomicInteger halted = new AtomicInteger();

  TradingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void register(@Observes StartupEvent event) {
    OUTCOMES.forEach(o -> submissions(o));
    for (RiskReason reason : RiskReason.values()) {
      rejections(reason.code());
    }
    for (String broker : BROKERS) {
      fills(broker);
      for (BrokerException.Kind kind : BrokerException.Kind.values()) {
        failures(broker, kind.tag);
      }
    }
    registry.gauge("qv.trading.halted", halted);
    registry.gauge("qv.trading.state", state);
  }

  public void submitted(String outcome) {
    submissions(outcome).increment();
  }

  public void rejected(RiskReason reason) {
    rejections(reason.code()).increment();
  }

  public void filled(String broker) {
    fills(broker).increment();
  }

  public void brokerFailed(String broker, BrokerException.Kind kind) {
    failures(broker, kind.tag).increment();
  }

  /** 0 ACTIVE, 1 REDUCING, 2 HALTED. */
  public void tradingState(int ordinal) {
    state.set(ordinal);
    halted.set(ordinal == 2 ? 1 : 0);
  }

  private Counter submissions(String outcome) {
    return registry.counter("qv.orders.submitted", "outcome", outcome);
  }

  private Counter rejections(String reason) {
    return registry.counter("qv.orders.risk.rejections", "reason", reason);
  }

  private Counter fills(String broker) {
    return registry.counter("qv.orders.fills", "broker", broker);
  }

  private Counter failures(String broker, String kind) {
    return registry.counter("qv.orders.failures", "broker", broker, "kind", kind);
  }
}
