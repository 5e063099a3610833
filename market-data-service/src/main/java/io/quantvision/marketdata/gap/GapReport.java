package io.quantvision.marketdata.gap;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/market/gaps/{symbol}}: bars a complete feed would have in regular hours over
 * [from, to) that are neither stored nor reported quiet by the provider, as runs of consecutive
 * missing bars ({@code end} exclusive).
 */
public record GapReport(
    String symbol,
    String timeframe,
    Instant from,
    Instant to,
    long expected,
    long missing,
    List<Gap> gaps) {

  public record Gap(Instant start, Instant end, long bars) {}
}
