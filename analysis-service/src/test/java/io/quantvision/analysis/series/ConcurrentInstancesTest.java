package io.quantvision.analysis.series;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.analysis.BarFeed;
import io.quantvision.analysis.bar.Bar;
import io.quantvision.analysis.bar.Timeframe;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.payload.BarPayload;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Several instances applying bars of one series at once (here: threads, each bar in its own
 * transaction as the stream plumbing runs it) end with exactly the indicators of the ordered
 * series: the series row lock makes them take turns, and a cached engine is only reused at the
 * version it was cached for.
 */
@QuarkusTest
class ConcurrentInstancesTest {

  @Inject SeriesService series;
  @Inject SeriesRepository repository;

  @Test
  void barsAppliedConcurrentlyInAnyOrderGiveTheOrderedSeriesIndicators() throws Exception {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> bars =
        BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute().minus(3, ChronoUnit.DAYS), 150);
    List<EventEnvelope> arrivals = new ArrayList<>(bars);
    Collections.shuffle(arrivals, new Random(11));

    ExecutorService instances = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (EventEnvelope event : arrivals) {
        done.add(
            instances.submit(
                () ->
                    QuarkusTransaction.requiringNew()
                        .run(() -> series.apply(Bar.from(BarFeed.payload(event), event.id())))));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      instances.shutdown();
    }

    IndicatorEngine ordered = new IndicatorEngine();
    List<StoredBar> stored =
        repository.lastBars(new SeriesKey(symbol, Timeframe.MINUTE), null, 1_000);
    assertThat(stored).hasSize(150);
    for (int i = 0; i < bars.size(); i++) {
      BarPayload bar = BarFeed.payload(bars.get(i));
      ordered.update(
          bar.high().doubleValue(),
          bar.low().doubleValue(),
          bar.close().doubleValue(),
          bar.volume());
      assertThat(stored.get(i).start()).isEqualTo(bar.start());
      assertThat(IndicatorEngine.read(stored.get(i).state()).outputs())
          .as("indicators after bar %d", i)
          .containsExactly(ordered.reading().outputs());
    }
  }
}
