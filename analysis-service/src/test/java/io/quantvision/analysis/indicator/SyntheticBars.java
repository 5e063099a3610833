package io.quantvision.analysis.indicator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible OHLCV series for indicator tests: a steady rise (no losses, so RSI's average loss
 * is exactly zero), a random walk, then a flat, volume-less stretch (a zero high-low range for the
 * stochastic, zero volume for VWAP), then the walk again. Prices have 4 decimals, as quotes do.
 */
public record SyntheticBars(
    BigDecimal[] open, BigDecimal[] high, BigDecimal[] low, BigDecimal[] close, long[] volume) {

  public static SyntheticBars generate(long seed, int count) {
    Random random = new Random(seed);
    List<BigDecimal[]> rows = new ArrayList<>();
    List<Long> volumes = new ArrayList<>();
    double price = 100;
    for (int i = 0; i < count; i++) {
      double open = price;
      double close;
      double high;
      double low;
      long volume;
      if (i < 60) {
        close = open + 0.05 + random.nextDouble() * 0.2;
        high = close + random.nextDouble() * 0.1;
        low = open - random.nextDouble() * 0.1;
        volume = 1_000 + random.nextInt(50_000);
      } else if (i >= count / 2 && i < count / 2 + 30) {
        close = open;
        high = open;
        low = open;
        volume = 0;
      } else {
        close = open * (1 + random.nextGaussian() * 0.01);
        high = Math.max(open, close) * (1 + Math.abs(random.nextGaussian()) * 0.003);
        low = Math.min(open, close) * (1 - Math.abs(random.nextGaussian()) * 0.003);
        volume = random.nextInt(10) == 0 ? 0 : 1_000 + random.nextInt(100_000);
      }
      BigDecimal o = price(open);
      BigDecimal c = price(close);
      BigDecimal h = price(high).max(o).max(c);
      BigDecimal l = price(low).min(o).min(c);
      rows.add(new BigDecimal[] {o, h, l, c});
      volumes.add(volume);
      price = c.doubleValue();
    }
    int n = rows.size();
    BigDecimal[] o = new BigDecimal[n];
    BigDecimal[] h = new BigDecimal[n];
    BigDecimal[] l = new BigDecimal[n];
    BigDecimal[] c = new BigDecimal[n];
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      o[i] = rows.get(i)[0];
      h[i] = rows.get(i)[1];
      l[i] = rows.get(i)[2];
      c[i] = rows.get(i)[3];
      v[i] = volumes.get(i);
    }
    return new SyntheticBars(o, h, l, c, v);
  }

  public int size() {
    return close.length;
  }

  /** Feeds bars {@code from} (inclusive) to {@code to} (exclusive) into the engine. */
  public void feed(IndicatorEngine engine, int from, int to) {
    for (int i = from; i < to; i++) {
      engine.update(high[i].doubleValue(), low[i].doubleValue(), close[i].doubleValue(), volume[i]);
    }
  }

  /** The bars up to and including {@code last}, as {@link IndicatorEngine#restore} takes them. */
  public double[][] window(int last) {
    int first = Math.max(0, last - IndicatorEngine.WINDOW + 1);
    double[][] window = new double[last - first + 1][];
    for (int i = first; i <= last; i++) {
      window[i - first] =
          new double[] {
            high[i].doubleValue(), low[i].doubleValue(), close[i].doubleValue(), volume[i]
          };
    }
    return window;
  }

  private static BigDecimal price(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN);
  }
}
