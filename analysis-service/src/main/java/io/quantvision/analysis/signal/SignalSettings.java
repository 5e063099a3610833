package io.quantvision.analysis.signal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When signals are raised (defaults in application.properties). */
@ConfigMapping(prefix = "analysis.signals")
public interface SignalSettings {

  /**
   * Only a bar that ended at most this many of its own periods ago raises a signal: a backfill of
   * old bars updates the indicators without flooding the stream with stale calls.
   */
  @WithDefault("5")
  int freshWithinBars();
}
