package io.quantvision.analysis.indicator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A page of indicator values: one item per bar, each with the requested indicators that are warm at
 * that bar (a single-valued one as a decimal string, a composite one as an object of them).
 */
public record IndicatorSeries(
    String symbol,
    String timeframe,
    List<Description> indicators,
    List<Point> items,
    String nextPageToken) {

  /** A requested indicator and the bars it needs before it reports anything. */
  public record Description(String name, int warmUpBars) {}

  public record Point(Instant barTime, Map<String, Object> values) {}
}
