package io.quantvision.analysis.series;

import java.math.BigDecimal;
import java.time.Instant;

/** A bar as stored, with the indicator engine's state after it. */
public record StoredBar(
    Instant start,
    BigDecimal open,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    long volume,
    int revision,
    byte[] state) {

  /** {@code {high, low, close, volume}}, as the engine takes a bar. */
  double[] engineInput() {
    return new double[] {high.doubleValue(), low.doubleValue(), close.doubleValue(), volume};
  }
}
