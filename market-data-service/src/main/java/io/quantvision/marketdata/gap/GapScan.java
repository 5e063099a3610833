package io.quantvision.marketdata.gap;

import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.metrics.MarketDataMetrics;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Recomputes {@code qv_marketdata_gaps{timeframe}}: per active symbol, missing bars between its
 * first and last stored bar within the scan window (holes). Bars that stop arriving altogether show
 * as ingest lag instead, and a symbol never ingested at a timeframe is not counted as all gap.
 */
@ApplicationScoped
public class GapScan {

  private static final Logger LOG = Logger.getLogger(GapScan.class);

  private final GapFinder finder;
  private final BarRepository bars;
  private final SymbolRepository symbols;
  private final GapSettings settings;
  private final MarketDataMetrics metrics;
  private final Clock clock;

  GapScan(
      GapFinder finder,
      BarRepository bars,
      SymbolRepository symbols,
      GapSettings settings,
      MarketDataMetrics metrics,
      Clock clock) {
    this.finder = finder;
    this.bars = bars;
    this.symbols = symbols;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Scheduled(
      every = "${market-data.gaps.scan-every}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onSchedule() {
    try {
      scan();
    } catch (RuntimeException e) {
      LOG.warnf("gap scan failed: %s", e.getMessage());
    }
  }

  /** Scans every timeframe and publishes the totals; returns the 1Min total. */
  public long scan() {
    Instant now = clock.instant();
    Instant since = now.minus(settings.scanWindow());
    long oneMinute = 0;
    for (Timeframe timeframe : Timeframe.values()) {
      long missing = 0;
      for (Symbol symbol : symbols.active()) {
        Optional<Instant[]> extent = bars.extent(symbol.ticker(), timeframe, since);
        if (extent.isPresent()) {
          Instant first = extent.get()[0];
          Instant end = timeframe.end(extent.get()[1]);
          missing += finder.find(symbol.ticker(), timeframe, first, end, now).missing();
        }
      }
      metrics.gaps(timeframe, missing);
      if (timeframe == Timeframe.MIN_1) {
        oneMinute = missing;
      }
    }
    return oneMinute;
  }
}
