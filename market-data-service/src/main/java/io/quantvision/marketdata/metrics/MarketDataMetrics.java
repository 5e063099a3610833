package io.quantvision.marketdata.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quantvision.common.event.Streams;
import io.quantvision.marketdata.bar.RejectReason;
import io.quantvision.marketdata.bar.Timeframe;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's meters (docs/metrics.md, market-data-service), all registered at start-up with the
 * tag values known then, so dashboards and alert rules find every series on a fresh instance.
 */
@ApplicationScoped
public class MarketDataMetrics {

  /** Providers whose rows are counted: the two feeds and file imports. */
  public static final List<String> PROVIDERS = List.of("simulated", "alpaca", "import");

  /** Kinds of provider failure ({@code qv_marketdata_provider_errors_total{kind}}). */
  public static final List<String> ERROR_KINDS =
      List.of(
          "rate_limited",
          "server_error",
          "client_error",
          "timeout",
          "network",
          "circuit_open",
          "invalid_response");

  public static final List<String> OUTCOMES = List.of("inserted", "revised", "unchanged");

  private final MeterRegistry registry;
  private final Map<Timeframe, AtomicLong> lagSeconds = new EnumMap<>(Timeframe.class);
  private final Map<Timeframe, AtomicLong> gaps = new EnumMap<>(Timeframe.class);
  private final AtomicLong staleQuotes = new AtomicLong();
  private final AtomicLong marketOpen = new AtomicLong();
  private final AtomicLong barStreamLength = new AtomicLong();

  MarketDataMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void register(@Observes StartupEvent event) {
    for (String provider : PROVIDERS) {
      for (Timeframe timeframe : Timeframe.values()) {
        for (String outcome : OUTCOMES) {
          ingested(provider, timeframe, outcome);
        }
      }
      for (RejectReason reason : RejectReason.values()) {
        rejected(provider, reason);
      }
    }
    for (String provider : List.of("simulated", "alpaca")) {
      for (String kind : ERROR_KINDS) {
        providerError(provider, kind);
      }
    }
    for (Timeframe timeframe : Timeframe.values()) {
      lagSeconds.put(timeframe, new AtomicLong());
      gaps.put(timeframe, new AtomicLong());
      Tags tags = Tags.of("timeframe", timeframe.label());
      registry.gauge("qv.marketdata.ingest.lag.seconds", tags, lagSeconds.get(timeframe));
      registry.gauge("qv.marketdata.gaps", tags, gaps.get(timeframe));
    }
    registry.gauge("qv.marketdata.quotes.stale", staleQuotes);
    // SmallRye FT registers its ft_circuitbreaker_* series on a guarded method's first call; this
    // one exists from the start: 1 while the breaker is open or half-open, else 0.
    for (String breaker : List.of("alpaca-bars", "alpaca-quotes")) {
      registry.gauge(
          "qv.marketdata.provider.circuit.open",
          Tags.of("provider", "alpaca", "breaker", breaker),
          breaker,
          MarketDataMetrics::circuitOpen);
    }
    registry.gauge("qv.marketdata.market.open", marketOpen);
    // The stream plumbing counts publications lazily and keeps XLEN only for consumers; this
    // service produces md.bars.v1, so it makes both series exist from the start.
    registry.counter("qv.stream.events.published", "stream", Streams.MD_BARS);
    registry.gauge("qv.stream.length", Tags.of("stream", Streams.MD_BARS), barStreamLength);
  }

  public void countIngested(String provider, Timeframe timeframe, String outcome, long count) {
    if (count > 0) {
      ingested(provider, timeframe, outcome).increment(count);
    }
  }

  public void countRejected(String provider, RejectReason reason) {
    rejected(provider, reason).increment();
  }

  public void countProviderError(String provider, String kind) {
    providerError(provider, kind).increment();
  }

  public void ingestLag(Timeframe timeframe, long seconds) {
    lagSeconds.get(timeframe).set(seconds);
  }

  public void gaps(Timeframe timeframe, long missing) {
    gaps.get(timeframe).set(missing);
  }

  public void staleQuotes(long count) {
    staleQuotes.set(count);
  }

  public void marketOpen(boolean open) {
    marketOpen.set(open ? 1 : 0);
  }

  public void barStreamLength(long length) {
    barStreamLength.set(length);
  }

  private static double circuitOpen(String breaker) {
    try {
      return CircuitBreakerMaintenance.get().currentState(breaker) == CircuitBreakerState.CLOSED
          ? 0
          : 1;
    } catch (RuntimeException notYetKnown) {
      return 0;
    }
  }

  private Counter ingested(String provider, Timeframe timeframe, String outcome) {
    return registry.counter(
        "qv.marketdata.bars.ingested",
        "provider",
        provider,
        "timeframe",
        timeframe.label(),
        "outcome",
        outcome);
  }

  private Counter rejected(String provider, RejectReason reason) {
    return registry.counter(
        "qv.marketdata.bars.rejected", "provider", provider, "reason", reason.code());
  }

  private Counter providerError(String provider, String kind) {
    return registry.counter("qv.marketdata.provider.errors", "provider", provider, "kind", kind);
  }
}
