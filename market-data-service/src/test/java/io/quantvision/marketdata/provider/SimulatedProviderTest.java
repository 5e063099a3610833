package io.quantvision.marketdata.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.BarRules;
import io.quantvision.marketdata.bar.Candidate;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.symbol.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

  private static final Instant NOW = Instant.parse("2024-03-06T12:00:00Z");
  private static final Instant OPEN = Instant.parse("2024-03-05T14:30:00Z");
  private static final Instant CLOSE = Instant.parse("2024-03-05T21:00:00Z");
  private static final Symbol AAPL =
      new Symbol("AAPL", "Apple", "NASDAQ", "us_equity", true, false);

  @Test
  void givesTheSameBarsForTheSameSeedWhateverTheRangeAsked() {
    List<Bar> wholeDay = bars(provider(42), Timeframe.MIN_1, OPEN, CLOSE);
    List<Bar> lastHour =
        bars(provider(42), Timeframe.MIN_1, Instant.parse("2024-03-05T20:00:00Z"), CLOSE);

    assertThat(wholeDay).hasSize(390);
    assertThat(wholeDay.subList(330, 390)).isEqualTo(lastHour);
    assertThat(bars(provider(43), Timeframe.MIN_1, OPEN, CLOSE)).isNotEqualTo(wholeDay);
  }

  @Test
  void producesOnlyValidBarsThatAggregateIntoTheLargerTimeframes() {
    SimulatedProvider feed = provider(7);
    List<Bar> minutes = bars(feed, Timeframe.MIN_1, OPEN, CLOSE);
    List<Bar> day = bars(feed, Timeframe.DAY_1, Instant.parse("2024-03-05T05:00:00Z"), CLOSE);

    assertThat(minutes)
        .allSatisfy(
            b ->
                assertThat(BarRules.check(Candidate.atIndex(0, b), NOW))
                    .isEqualTo(Optional.empty()));
    assertThat(day).hasSize(1);
    Bar daily = day.getFirst();
    assertThat(daily.open()).isEqualTo(minutes.getFirst().open());
    assertThat(daily.close()).isEqualTo(minutes.getLast().close());
    assertThat(daily.high())
        .isEqualTo(minutes.stream().map(Bar::high).reduce(BigDecimal::max).orElseThrow());
    assertThat(daily.volume()).isEqualTo(minutes.stream().mapToLong(Bar::volume).sum());
    assertThat(bars(feed, Timeframe.MIN_15, OPEN, CLOSE)).hasSize(26);
    assertThat(bars(feed, Timeframe.HOUR_1, Instant.parse("2024-03-05T14:00:00Z"), CLOSE))
        .hasSize(7)
        .first()
        .satisfies(
            nineOClock -> assertThat(nineOClock.open()).isEqualTo(minutes.getFirst().open()));
  }

  @Test
  void hasNoBarsOutsideRegularHoursOrInTheFuture() {
    Instant saturday = Instant.parse("2024-03-09T15:00:00Z");
    assertThat(bars(provider(1), Timeframe.MIN_1, saturday, saturday.plusSeconds(3600))).isEmpty();
    assertThat(
            bars(
                provider(1),
                Timeframe.MIN_1,
                Instant.parse("2024-03-06T14:30:00Z"),
                Instant.parse("2024-03-06T21:00:00Z")))
        .as("the session after NOW has not happened")
        .isEmpty();
  }

  private static List<Bar> bars(
      SimulatedProvider feed, Timeframe timeframe, Instant from, Instant to) {
    return feed.bars(List.of(AAPL), timeframe, from, to).rows().stream()
        .map(r -> ((Candidate) r).bar())
        .toList();
  }

  private static SimulatedProvider provider(long seed) {
    ProviderSettings settings =
        new ProviderSettings() {
          @Override
          public String name() {
            return "simulated";
          }

          @Override
          public Simulated simulated() {
            return () -> seed;
          }

          @Override
          public Alpaca alpaca() {
            throw new UnsupportedOperationException();
          }
        };
    return new SimulatedProvider(settings, Clock.fixed(NOW, ZoneOffset.UTC));
  }
}
