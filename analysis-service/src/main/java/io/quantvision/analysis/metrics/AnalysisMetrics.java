package io.quantvision.analysis.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quantvision.analysis.series.SeriesService;
import io.quantvision.common.event.Streams;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's meters (docs/metrics.md), registered at start-up with every tag value they can
 * take, so each series exists at zero before its first event and dashboards and alert rules never
 * see a gap. Counts tied to a transaction are taken after it commits.
 */
@ApplicationScoped
public class AnalysisMetrics {

  public static final List<String> ACTIONS = List.of("buy", "sell", "hold");
  public static final List<String> REPORT_SOURCES = List.of("llm", "fallback", "cache");
  public static final List<String> LLM_OUTCOMES =
      List.of("success", "invalid", "timeout", "error", "budget");
  private static final List<String> CONSUMED_OUTCOMES =
      List.of("processed", "duplicate", "invalid", "failed", "dead_lettered");

  private final MeterRegistry registry;
  private final TransactionSynchronizationRegistry transactions;
  private final String group;

  AnalysisMetrics(
      MeterRegistry registry,
      TransactionSynchronizationRegistry transactions,
      @ConfigProperty(name = "quarkus.application.name") String group) {
    this.registry = registry;
    this.transactions = transactions;
    this.group = group;
  }

  void register(@Observes StartupEvent event) {
    ACTIONS.forEach(this::signals);
    REPORT_SOURCES.forEach(this::reports);
    LLM_OUTCOMES.forEach(this::llmCalls);
    for (SeriesService.Outcome outcome : SeriesService.Outcome.values()) {
      bars(outcome.tag());
    }
    // the stream plumbing creates these on first use; ours exist from the start
    for (String outcome : CONSUMED_OUTCOMES) {
      registry.counter(
          "qv.stream.events.consumed",
          "stream",
          Streams.MD_BARS,
          "group",
          group,
          "outcome",
          outcome);
    }
    registry.counter("qv.stream.events.published", "stream", Streams.ANALYSIS_SIGNALS);
  }

  /** A signal was persisted (and queued for publication): counted once its transaction commits. */
  public void signalGenerated(String action) {
    afterCommit(signals(action));
  }

  /** A bar changed (or did not change) its series: counted once its transaction commits. */
  public void barApplied(SeriesService.Outcome outcome) {
    afterCommit(bars(outcome.tag()));
  }

  public void reportServed(String source) {
    reports(source).increment();
  }

  public void llmCall(String outcome, Duration duration) {
    llmCalls(outcome).record(duration);
  }

  private Counter signals(String action) {
    return registry.counter("qv.analysis.signals.generated", "action", action);
  }

  private Counter reports(String source) {
    return registry.counter("qv.analysis.reports", "source", source);
  }

  private Counter bars(String outcome) {
    return registry.counter("qv.analysis.bars", "outcome", outcome);
  }

  private Timer llmCalls(String outcome) {
    return Timer.builder("qv.analysis.llm.calls")
        .description("Calls to the LLM endpoint, by outcome")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  private void afterCommit(Counter counter) {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      counter.increment();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              counter.increment();
            }
          }
        });
  }
}
