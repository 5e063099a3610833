package io.quantvision.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.analysis.bar.Timeframe;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.analysis.series.StoredBar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleBasedNarrativeTest {

  private static final SeriesKey KEY = new SeriesKey("ACME", Timeframe.DAY);

  @Test
  void aLongSteadyRiseReadsBullishWithLevelsAroundThePrice() {
    List<StoredBar> bars = trend(150, 0.4);
    BigDecimal lastClose = bars.get(bars.size() - 1).close();

    ReportDraft draft = narrate(bars);

    assertThat(draft.outlook()).isEqualTo("bullish");
    assertThat(draft.summary()).contains("ACME (1Day)").contains("uptrend");
    assertThat(draft.confidence()).isBetween(50, 80);
    assertThat(draft.keyLevels())
        .filteredOn(level -> level.kind().equals("support"))
        .isNotEmpty()
        .allMatch(level -> level.price().compareTo(lastClose) < 0);
    assertThat(draft.keyLevels())
        .filteredOn(level -> level.kind().equals("resistance"))
        .anyMatch(level -> level.price().compareTo(lastClose) >= 0);
  }

  @Test
  void aLongSteadyFallReadsBearish() {
    ReportDraft draft = narrate(trend(150, -0.4));

    assertThat(draft.outlook()).isEqualTo("bearish");
    assertThat(draft.summary()).contains("downtrend");
  }

  @Test
  void aShortHistorySaysSoAndClaimsLittleConfidence() {
    ReportDraft draft = narrate(trend(5, 0.4));

    assertThat(draft.confidence()).isLessThanOrEqualTo(30);
    assertThat(draft.risks()).anyMatch(r -> r.contains("only 5 bars of history"));
  }

  @Test
  void withoutAnEndpointTheClientIsDisabledAndMakesNoCall() {
    LlmSettings unset =
        new LlmSettings() {
          @Override
          public Optional<String> baseUrl() {
            return Optional.empty();
          }

          @Override
          public Optional<String> apiKey() {
            return Optional.empty();
          }

          @Override
          public String model() {
            return "m";
          }

          @Override
          public long timeoutMillis() {
            return 1_000;
          }

          @Override
          public int callsPerMinute() {
            return 1;
          }

          @Override
          public String budgetKey() {
            return "k";
          }

          @Override
          public int maxTokens() {
            return 1;
          }

          @Override
          public double temperature() {
            return 0;
          }
        };

    assertThat(new LlmClient(unset, null).enabled()).isFalse();
  }

  private static ReportDraft narrate(List<StoredBar> bars) {
    IndicatorEngine engine = new IndicatorEngine();
    for (StoredBar bar : bars) {
      engine.update(
          bar.high().doubleValue(),
          bar.low().doubleValue(),
          bar.close().doubleValue(),
          bar.volume());
    }
    return RuleBasedNarrative.write(KEY, bars, engine.reading(), Optional.empty());
  }

  private static List<StoredBar> trend(int count, double step) {
    List<StoredBar> bars = new ArrayList<>();
    Instant start = Instant.parse("2025-01-02T05:00:00Z");
    double close = 100;
    for (int i = 0; i < count; i++) {
      double open = close;
      // two steps with the trend, one against it: RSI stays out of its extremes
      close = open + (i % 3 == 2 ? -step : step);
      bars.add(
          new StoredBar(
              start.plus(i, ChronoUnit.DAYS),
              price(open),
              price(Math.max(open, close) + 0.2),
              price(Math.min(open, close) - 0.2),
              price(close),
              10_000,
              1,
              null));
    }
    return bars;
  }

  private static BigDecimal price(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
  }
}
