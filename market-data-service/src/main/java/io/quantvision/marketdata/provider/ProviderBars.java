package io.quantvision.marketdata.provider;

import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.RowOutcome;
import java.util.List;

/**
 * A provider's answer for a range: its bars (unchecked, positioned by index in the answer) and the
 * bar intervals it reports as having had no trades (for thin symbols; not gaps).
 */
public record ProviderBars(List<RowOutcome> rows, List<Bar.Key> quiet) {}
