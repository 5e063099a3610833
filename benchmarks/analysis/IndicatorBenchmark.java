import io.quantvision.analysis.indicator.IndicatorEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
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
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;
import org.ta4j.core.num.NumFactory;

/**
 * Streams the same 1,000,000 bars, one at a time, through (a) analysis-service's incremental
 * engine, (b) the same plus the per-bar state serialisation the service stores, and (c) ta4j 0.19
 * used the streaming way (add the bar, read every indicator at the new end index) with DoubleNum
 * and (d) with DecimalNum. Each side computes the same 13 indicators (20 outputs). Single thread:
 * the figures are per core.
 *
 * <p>Usage: {@code java IndicatorBenchmark [bars] [engineRuns] [ta4jRuns]}
 */
public final class IndicatorBenchmark {

  static final int INDICATORS = 13;

  public static void main(String[] args) {
    int bars = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int engineRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int ta4jRuns = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Series series = Series.randomWalk(bars, 42);
    System.out.printf("bars=%d indicators=%d%n", bars, INDICATORS);

    // warm the JIT on every path before measuring
    engine(series.head(200_000), false);
    engine(series.head(200_000), true);
    ta4j(series.head(50_000), DoubleNumFactory.getInstance());
    ta4j(series.head(20_000), DecimalNumFactory.getInstance());

    List<Result> results = new ArrayList<>();
    results.add(measure("engine", engineRuns, bars, () -> engine(series, false)));
    results.add(measure("engine+state", engineRuns, bars, () -> engine(series, true)));
    results.add(
        measure("ta4j-double", ta4jRuns, bars, () -> ta4j(series, DoubleNumFactory.getInstance())));
    results.add(
        measure("ta4j-decimal", 1, bars, () -> ta4j(series, DecimalNumFactory.getInstance())));

    double baseline = results.get(2).barsPerSecond();
    System.out.println();
    System.out.println(
        "| path | runs | best s | median s | bars/s (median) | bar-indicator updates/s | vs ta4j-double |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf(
          "| %s | %d | %.3f | %.3f | %,.0f | %,.0f | %.1fx |%n",
          r.name,
          r.seconds.length,
          r.best(),
          r.median(),
          r.barsPerSecond(),
          r.barsPerSecond() * INDICATORS,
          r.barsPerSecond() / baseline);
    }
  }

  record Result(String name, int bars, double[] seconds, double checksum) {
    double best() {
      return Arrays.stream(seconds).min().orElseThrow();
    }

    double median() {
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2];
    }

    double barsPerSecond() {
      return bars / median();
    }
  }

  interface Run {
    double run();
  }

  static Result measure(String name, int runs, int bars, Run run) {
    double[] seconds = new double[runs];
    double checksum = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      checksum = run.run();
      seconds[i] = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s run %d: %.3f s (checksum %.6f)%n", name, i + 1, seconds[i], checksum);
    }
    return new Result(name, bars, seconds, checksum);
  }

  static double engine(Series s, boolean withState) {
    IndicatorEngine engine = new IndicatorEngine();
    double checksum = 0;
    long stateBytes = 0;
    for (int i = 0; i < s.size; i++) {
      engine.update(s.high[i], s.low[i], s.close[i], s.volume[i]);
      checksum += engine.value(IndicatorEngine.ADX_14) + engine.value(IndicatorEngine.EMA_26);
      if (withState) {
        stateBytes += engine.state().length;
      }
    }
    return checksum + stateBytes;
  }

  static double ta4j(Series s, NumFactory numbers) {
    BarSeries series =
        new BaseBarSeriesBuilder()
            .withNumFactory(numbers)
            .withName("bench")
            .withMaxBarCount(500)
            .build();
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    SMAIndicator sma20 = new SMAIndicator(close, 20);
    MACDIndicator macd = new MACDIndicator(close, 12, 26);
    BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(sma20);
    StandardDeviationIndicator deviation = new StandardDeviationIndicator(close, 20);
    StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(series, 14);
    List<Indicator<Num>> all =
        List.of(
            sma20,
            new SMAIndicator(close, 50),
            new EMAIndicator(close, 12),
            new EMAIndicator(close, 26),
            new WMAIndicator(close, 20),
            new RSIIndicator(close, 14),
            macd,
            macd.getSignalLine(9),
            macd.getHistogram(9),
            new BollingerBandsUpperIndicator(middle, deviation),
            middle,
            new BollingerBandsLowerIndicator(middle, deviation),
            new ATRIndicator(series, 14),
            k,
            new StochasticOscillatorDIndicator(k),
            new OnBalanceVolumeIndicator(series),
            new VWAPIndicator(series, 20),
            new ADXIndicator(series, 14),
            new PlusDIIndicator(series, 14),
            new MinusDIIndicator(series, 14));
    Instant start = Instant.parse("2020-01-01T00:00:00Z");
    Duration minute = Duration.ofMinutes(1);
    double checksum = 0;
    for (int i = 0; i < s.size; i++) {
      series
          .barBuilder()
          .timePeriod(minute)
          .endTime(start.plus(minute.multipliedBy(i + 1L)))
          .openPrice(s.open[i])
          .highPrice(s.high[i])
          .lowPrice(s.low[i])
          .closePrice(s.close[i])
          .volume(s.volume[i])
          .add();
      int end = series.getEndIndex();
      for (Indicator<Num> indicator : all) {
        Num value = indicator.getValue(end);
        if (indicator == all.get(3) || indicator == all.get(17)) {
          checksum += value.doubleValue();
        }
      }
    }
    return checksum;
  }

  /** OHLCV of a seeded random walk, as doubles. */
  static final class Series {
    final int size;
    final double[] open;
    final double[] high;
    final double[] low;
    final double[] close;
    final double[] volume;

    Series(int size) {
      this.size = size;
      open = new double[size];
      high = new double[size];
      low = new double[size];
      close = new double[size];
      volume = new double[size];
    }

    static Series randomWalk(int size, long seed) {
      Random random = new Random(seed);
      Series s = new Series(size);
      double price = 100;
      for (int i = 0; i < size; i++) {
        double o = price;
        double c = Math.max(1, o * (1 + random.nextGaussian() * 0.002));
        s.open[i] = round(o);
        s.close[i] = round(c);
        s.high[i] = round(Math.max(o, c) * (1 + Math.abs(random.nextGaussian()) * 0.001));
        s.low[i] = round(Math.min(o, c) * (1 - Math.abs(random.nextGaussian()) * 0.001));
        s.volume[i] = 100 + random.nextInt(100_000);
        price = s.close[i];
      }
      return s;
    }

    Series head(int length) {
      Series s = new Series(Math.min(length, size));
      for (double[][] pair :
          new double[][][] {
            {open, s.open}, {high, s.high}, {low, s.low}, {close, s.close}, {volume, s.volume}
          }) {
        System.arraycopy(pair[0], 0, pair[1], 0, s.size);
      }
      return s;
    }

    private static double round(double value) {
      return Math.round(value * 10_000) / 10_000.0;
    }
  }
}
