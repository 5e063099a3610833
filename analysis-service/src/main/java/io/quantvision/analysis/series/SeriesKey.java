package io.quantvision.analysis.series;

import io.quantvision.analysis.bar.Timeframe;

/** One series: a symbol at a timeframe. */
public record SeriesKey(String symbol, Timeframe timeframe) {}
