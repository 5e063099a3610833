package io.quantvision.gateway.proxy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The four services behind the gateway, and how long and how often they may fail. */
@ConfigMapping(prefix = "qv.upstreams")
public interface UpstreamConfig {

  String marketDataUrl();

  String analysisUrl();

  String tradingUrl();

  String alertUrl();

  /** No answer (or no further bytes) from an upstream for this long → 504. */
  @WithDefault("10s")
  Duration timeout();

  @WithDefault("2s")
  Duration connectTimeout();

  /** Connections kept per upstream. */
  @WithDefault("200")
  int maxConnections();

  Breaker breaker();

  /** Consecutive failures (refused, timed out, 502/503/504) that open an upstream's breaker. */
  interface Breaker {
    @WithDefault("5")
    int failureThreshold();

    /** How long an open breaker refuses before letting one trial call through. */
    @WithDefault("10s")
    Duration openFor();
  }
}
