package io.quantvision.analysis.indicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The indicator outputs after one bar, with the number of bars the series held then ({@code
 * count}), which decides what is warm.
 */
public record Reading(long count, double[] outputs) {

  /** The key under which a single-valued indicator's value is returned by {@link #values}. */
  public static final String VALUE = "value";

  public boolean warm(Indicator indicator) {
    return count >= indicator.warmUpBars();
  }

  /** The raw output, or NaN when it is not warm or undefined at this bar. */
  public double get(Indicator indicator, int output) {
    return warm(indicator) ? outputs[output] : Double.NaN;
  }

  /**
   * The indicator's defined values at this bar, by part ({@link #VALUE} for a single-valued one);
   * empty before the indicator is warm, and without the parts that are undefined here (a flat
   * window's stochastic, a volume-less window's VWAP).
   */
  public Map<String, Double> values(Indicator indicator) {
    Map<String, Double> values = new LinkedHashMap<>();
    if (!warm(indicator)) {
      return values;
    }
    for (Indicator.Part part : indicator.parts()) {
      double value = outputs[part.output()];
      if (!Double.isNaN(value) && !Double.isInfinite(value)) {
        values.put(part.key() == null ? VALUE : part.key(), value);
      }
    }
    return values;
  }
}
