package io.quantvision.support.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every meter carries the service and the environment, so one dashboard can hold all five; HTTP
 * server timings keep histogram buckets so Prometheus can compute p95/p99 across instances, plus an
 * exact bucket at the latency objective so the SLO alerts count "slower than 500 ms" exactly.
 */
public class CommonTags {

  /**
   * The latency objective of monitoring/ (SLO and p95 alerts): a bucket boundary {@code le="0.5"}.
   */
  static final Duration LATENCY_OBJECTIVE = Duration.ofMillis(500);

  @Produces
  @Singleton
  MeterFilter latencyHistograms() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().startsWith("http.server.requests")) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
              .maximumExpectedValue((double) Duration.ofSeconds(10).toNanos())
              .serviceLevelObjectives((double) LATENCY_OBJECTIVE.toNanos())
              .build()
              .merge(config);
        }
        return config;
      }
    };
  }

  @Produces
  @Singleton
  MeterFilter commonTags(
      @ConfigProperty(name = "quarkus.application.name") String service,
      @ConfigProperty(name = "qv.environment", defaultValue = "development") String environment) {
    return MeterFilter.commonTags(Tags.of("service", service, "environment", environment));
  }
}
