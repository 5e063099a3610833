package io.quantvision.marketdata.gap;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "market-data.gaps")
public interface GapSettings {

  /** How often the gap metric is recomputed. */
  Duration scanEvery();

  /** How far back the scan looks. */
  Duration scanWindow();
}
