package io.quantvision.analysis.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How series are kept (defaults in application.properties). */
@ConfigMapping(prefix = "analysis.series")
public interface SeriesSettings {

  /** Indicator engines kept in memory (least recently used evicted); about 2 KB each. */
  @WithDefault("10000")
  int engineCacheSize();

  /** Bars re-read and rewritten per round trip when a late or revised bar is recomputed. */
  @WithDefault("500")
  int recomputeBatchSize();
}
