package io.quantvision.marketdata.ingest;

import io.quantvision.marketdata.bar.BarWriter;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.market.MarketCalendar;
import io.quantvision.marketdata.provider.MarketDataProvider;
import io.quantvision.marketdata.provider.ProviderBars;
import io.quantvision.marketdata.provider.Providers;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pulls the recent bars of every active symbol from the configured provider on schedule. Each pull
 * re-reads a window of the recent past, so late corrections arrive as revisions and a missed pull
 * heals itself; unchanged bars cost an index probe and publish nothing. While the market is closed,
 * once the last session has been read, pulls stop until the next open.
 */
@ApplicationScoped
public class ScheduledPull {

  private static final Logger LOG = Logger.getLogger(ScheduledPull.class);

  private final Providers providers;
  private final SymbolRepository symbols;
  private final BarWriter writer;
  private final IngestSettings settings;
  private final Clock clock;
  private volatile Instant lastPull;

  ScheduledPull(
      Providers providers,
      SymbolRepository symbols,
      BarWriter writer,
      IngestSettings settings,
      Clock clock) {
    this.providers = providers;
    this.symbols = symbols;
    this.writer = writer;
    this.settings = settings;
    this.clock = clock;
  }

  @Scheduled(
      every = "${market-data.ingest.pull.every}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onSchedule() {
    if (settings.pull().enabled()) {
      pull();
    }
  }

  /** One pull of every configured timeframe; returns bars stored (inserted or revised). */
  public long pull() {
    Instant now = clock.instant();
    if (lastPull != null && !MarketCalendar.isOpen(now) && caughtUpSinceClose(now)) {
      return 0;
    }
    Duration reach = lastPull == null ? settings.pull().catchUp() : settings.pull().window();
    List<Symbol> active = symbols.active();
    MarketDataProvider provider = providers.current();
    long changed = 0;
    for (String label : settings.pull().timeframes()) {
      Timeframe timeframe = Timeframe.parse(label);
      Duration span =
          reach.compareTo(timeframe.duration().multipliedBy(3)) < 0
              ? timeframe.duration().multipliedBy(3)
              : reach;
      Instant from = timeframe.bucketOf(now.minus(span));
      try {
        ProviderBars answer = provider.bars(active, timeframe, from, now);
        var result =
            writer.store(
                provider.name(),
                writer.check(provider.name(), answer.rows()),
                answer.quiet(),
                "pull-" + now);
        changed += result.inserted() + result.revised();
        if (!result.rejected().isEmpty()) {
          LOG.warnf(
              "pull %s: %d rows rejected, first: %s",
              label, result.rejected().size(), result.rejected().getFirst());
        }
      } catch (RuntimeException e) {
        LOG.warnf("pull of %s bars from %s failed: %s", label, provider.name(), e.getMessage());
      }
    }
    lastPull = now;
    return changed;
  }

  private boolean caughtUpSinceClose(Instant now) {
    Instant lastClose =
        MarketCalendar.latestSession(now).map(MarketCalendar.Session::close).orElse(Instant.EPOCH);
    // read once more after the close (late corrections), then rest until the next open
    return lastPull.isAfter(lastClose.plus(settings.pull().window()));
  }
}
