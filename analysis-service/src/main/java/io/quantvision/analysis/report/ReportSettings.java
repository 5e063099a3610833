package io.quantvision.analysis.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How reports are built and cached. */
@ConfigMapping(prefix = "analysis.reports")
public interface ReportSettings {

  /** Bars of history given to the model (newest last). */
  @WithDefault("30")
  int promptBars();

  /** Signals given to the model (newest first). */
  @WithDefault("5")
  int promptSignals();

  /** How long a report stays cached; a new bar changes the cache key anyway. */
  @WithDefault("24h")
  Duration cacheTtl();

  /**
   * How long a fallback report stays cached while an LLM is configured: short, so the model's
   * answer replaces it soon after the model recovers.
   */
  @WithDefault("60s")
  Duration fallbackCacheTtl();

  /** Prefix of the Redis keys of cached reports (owned by analysis-service). */
  @WithDefault("analysis:report:")
  String cacheKeyPrefix();
}
