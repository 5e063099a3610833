package io.quantvision.analysis.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticOscillatorDIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.averages.WMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;
import org.ta4j.core.num.DecimalNumFactory;
import org.ta4j.core.num.Num;

/**
 * Every output of the incremental engine against ta4j 0.19 on the same 3,000 bars, ta4j computing
 * in 32-digit decimals. Tolerance: {@code |ours - ta4j| <= 1e-9 * max(1, |ta4j|)} (the engine works
 * in binary doubles; prices here have 4 decimals, so that is far below a price tick).
 */
class IndicatorReferenceTest {

  private static final double TOLERANCE = 1e-9;
  private static final int BARS = 3_000;

  private static SyntheticBars bars;
  private static double[][] reference;
  private static double[][] ours;

  @BeforeAll
  static void computeBothSides() {
    bars = SyntheticBars.generate(20_261_122L, BARS);
    reference = ta4jValues(bars);
    ours = new double[BARS][];
    IndicatorEngine engine = new IndicatorEngine();
    for (int i = 0; i < BARS; i++) {
      bars.feed(engine, i, i + 1);
      ours[i] = engine.reading().outputs();
    }
  }

  @Test
  void everyWarmValueMatchesTa4jWithinTolerance() {
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (Indicator indicator : Indicator.values()) {
      for (Indicator.Part part : indicator.parts()) {
        for (int i = indicator.warmUpBars() - 1; i < BARS; i++) {
          double expected = reference[i][part.output()];
          double actual = ours[i][part.output()];
          if (Double.isNaN(expected) || Double.isNaN(actual)) {
            if (Double.isNaN(expected) != Double.isNaN(actual)) {
              mismatches.add(describe(indicator, part, i, expected, actual));
            }
            continue;
          }
          compared++;
          if (Math.abs(actual - expected) > TOLERANCE * Math.max(1, Math.abs(expected))) {
            mismatches.add(describe(indicator, part, i, expected, actual));
          }
        }
      }
    }
    assertThat(mismatches).as("values differing from ta4j").isEmpty();
    assertThat(compared).as("values compared").isGreaterThan(50_000);
  }

  @Test
  void theSeriesExercisesTheEdgeCases() {
    // a flat window leaves %K undefined (0/0), a volume-less one leaves VWAP undefined, and the
    // opening rise keeps RSI at exactly 100: the comparison above covers those branches too
    assertThat(Arrays.stream(column(IndicatorEngine.STOCH_K)).anyMatch(Double::isNaN)).isTrue();
    assertThat(Arrays.stream(column(IndicatorEngine.VWAP_20)).anyMatch(Double::isNaN)).isTrue();
    assertThat(ours[50][IndicatorEngine.RSI_14]).isEqualTo(100.0);
  }

  @Test
  void noIndicatorIsReportedBeforeItIsWarm() {
    IndicatorEngine engine = new IndicatorEngine();
    for (int i = 0; i < 120; i++) {
      bars.feed(engine, i, i + 1);
      Reading reading = engine.reading();
      for (Indicator indicator : Indicator.values()) {
        boolean shouldBeWarm = i + 1 >= indicator.warmUpBars();
        assertThat(reading.warm(indicator))
            .as("%s after %d bars", indicator.wireName(), i + 1)
            .isEqualTo(shouldBeWarm);
        if (!shouldBeWarm) {
          assertThat(reading.values(indicator)).as(indicator.wireName()).isEmpty();
        } else {
          assertThat(reading.values(indicator)).as(indicator.wireName()).isNotEmpty();
        }
      }
    }
  }

  @Test
  void anEngineRestoredFromAStoredStateContinuesExactlyAsTheUninterruptedOne() {
    for (int resumeAfter : new int[] {0, 13, 49, 50, 51, 777, BARS / 2 + 10}) {
      IndicatorEngine first = new IndicatorEngine();
      bars.feed(first, 0, resumeAfter + 1);
      IndicatorEngine resumed = IndicatorEngine.restore(first.state(), bars.window(resumeAfter));
      bars.feed(resumed, resumeAfter + 1, BARS);
      assertThat(resumed.reading().outputs())
          .as("resumed after bar %d", resumeAfter)
          .containsExactly(ours[BARS - 1]);
      assertThat(resumed.count()).isEqualTo(BARS);
    }
  }

  private static double[] column(int output) {
    double[] values = new double[BARS];
    for (int i = 0; i < BARS; i++) {
      values[i] = ours[i][output];
    }
    return values;
  }

  private static String describe(
      Indicator indicator, Indicator.Part part, int index, double expected, double actual) {
    return indicator.wireName()
        + (part.key() == null ? "" : "." + part.key())
        + " at bar "
        + index
        + ": ta4j "
        + expected
        + ", ours "
        + actual;
  }

  private static double[][] ta4jValues(SyntheticBars bars) {
    BarSeries series =
        new BaseBarSeriesBuilder()
            .withNumFactory(DecimalNumFactory.getInstance(32))
            .withName("reference")
            .build();
    Instant start = Instant.parse("2024-01-02T14:30:00Z");
    for (int i = 0; i < bars.size(); i++) {
      series
          .barBuilder()
          .timePeriod(Duration.ofMinutes(1))
          .endTime(start.plus(Duration.ofMinutes(i + 1)))
          .openPrice(bars.open()[i].toPlainString())
          .highPrice(bars.high()[i].toPlainString())
          .lowPrice(bars.low()[i].toPlainString())
          .closePrice(bars.close()[i].toPlainString())
          .volume(Long.toString(bars.volume()[i]))
          .add();
    }
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    SMAIndicator sma20 = new SMAIndicator(close, 20);
    MACDIndicator macd = new MACDIndicator(close, 12, 26);
    BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(sma20);
    StandardDeviationIndicator deviation = new StandardDeviationIndicator(close, 20);
    StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(series, 14);

    Map<Integer, org.ta4j.core.Indicator<Num>> byOutput = new LinkedHashMap<>();
    byOutput.put(IndicatorEngine.SMA_20, sma20);
    byOutput.put(IndicatorEngine.SMA_50, new SMAIndicator(close, 50));
    byOutput.put(IndicatorEngine.EMA_12, new EMAIndicator(close, 12));
    byOutput.put(IndicatorEngine.EMA_26, new EMAIndicator(close, 26));
    byOutput.put(IndicatorEngine.WMA_20, new WMAIndicator(close, 20));
    byOutput.put(IndicatorEngine.RSI_14, new RSIIndicator(close, 14));
    byOutput.put(IndicatorEngine.MACD_LINE, macd);
    byOutput.put(IndicatorEngine.MACD_SIGNAL, macd.getSignalLine(9));
    byOutput.put(IndicatorEngine.MACD_HISTOGRAM, macd.getHistogram(9));
    byOutput.put(IndicatorEngine.BB_UPPER, new BollingerBandsUpperIndicator(middle, deviation));
    byOutput.put(IndicatorEngine.BB_MIDDLE, middle);
    byOutput.put(IndicatorEngine.BB_LOWER, new BollingerBandsLowerIndicator(middle, deviation));
    byOutput.put(IndicatorEngine.ATR_14, new ATRIndicator(series, 14));
    byOutput.put(IndicatorEngine.STOCH_K, k);
    byOutput.put(IndicatorEngine.OBV, new OnBalanceVolumeIndicator(series));
    byOutput.put(IndicatorEngine.VWAP_20, new VWAPIndicator(series, 20));
    byOutput.put(IndicatorEngine.ADX_14, new ADXIndicator(series, 14));
    byOutput.put(IndicatorEngine.PLUS_DI_14, new PlusDIIndicator(series, 14));
    byOutput.put(IndicatorEngine.MINUS_DI_14, new MinusDIIndicator(series, 14));

    double[][] values = new double[bars.size()][IndicatorEngine.OUTPUTS];
    byOutput.forEach(
        (output, indicator) -> {
          for (int i = 0; i < bars.size(); i++) {
            values[i][output] = toDouble(indicator.getValue(i));
          }
        });
    // ta4j's running total carries a NaN %K forward for ever when read bar after bar; read from
    // the end so each %D is the plain 3-bar average of %K that ta4j defines it to be
    StochasticOscillatorDIndicator d = new StochasticOscillatorDIndicator(k);
    for (int i = bars.size() - 1; i >= 0; i--) {
      values[i][IndicatorEngine.STOCH_D] = toDouble(d.getValue(i));
    }
    return values;
  }

  private static double toDouble(Num value) {
    return value.isNaN() ? Double.NaN : value.doubleValue();
  }
}
