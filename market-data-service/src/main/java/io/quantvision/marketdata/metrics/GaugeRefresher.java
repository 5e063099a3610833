package io.quantvision.marketdata.metrics;

import io.quantvision.common.event.Streams;
import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.market.MarketCalendar;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Keeps the state gauges current: ingest lag, market open, md.bars.v1 length. */
@ApplicationScoped
public class GaugeRefresher {

  private static final Logger LOG = Logger.getLogger(GaugeRefresher.class);

  private final BarRepository bars;
  private final RedisDataSource redis;
  private final MarketDataMetrics metrics;
  private final Clock clock;

  GaugeRefresher(
      BarRepository bars, RedisDataSource redis, MarketDataMetrics metrics, Clock clock) {
    this.bars = bars;
    this.redis = redis;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Scheduled(
      every = "${market-data.metrics.refresh-every}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onSchedule() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.debugf("gauge refresh failed: %s", e.getMessage());
    }
  }

  /**
   * Lag is now minus the end of the newest bar of each timeframe across active symbols (0 while
   * there is none: a fresh install is not late).
   */
  public void refresh() {
    Instant now = clock.instant();
    metrics.marketOpen(MarketCalendar.isOpen(now));
    for (Timeframe timeframe : Timeframe.values()) {
      long lag =
          bars.newestStart(timeframe)
              .map(start -> Math.max(0, Duration.between(timeframe.end(start), now).toSeconds()))
              .orElse(0L);
      metrics.ingestLag(timeframe, lag);
    }
    metrics.barStreamLength(redis.stream(String.class).xlen(Streams.MD_BARS));
  }
}
