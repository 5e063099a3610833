package io.quantvision.analysis.indicator;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Every indicator of one series, updated one bar at a time in O(window) without allocation. The
 * definitions are ta4j's (verified against it to a stated tolerance): EMAs and Wilder smoothing are
 * seeded with the first bar's value; windowed indicators are exact sums over their window.
 *
 * <p>The engine's whole state is the recursive scalars plus the last {@link #WINDOW} bars. {@link
 * #state()} serialises the scalars and the outputs (what a bar row stores); {@link #restore}
 * rebuilds an engine from a bar's state and the bars up to it, so that a series can be resumed from
 * any bar, by any instance.
 *
 * <p>Not thread-safe: one engine belongs to one series and is used under that series' lock.
 */
public final class IndicatorEngine {

  /** The longest window any indicator looks back over (SMA 50). */
  public static final int WINDOW = 50;

  /** Layout version of {@link #state()}; a stored state of another version is recomputed. */
  public static final byte FORMAT = 1;

  public static final int SMA_20 = 0;
  public static final int SMA_50 = 1;
  public static final int EMA_12 = 2;
  public static final int EMA_26 = 3;
  public static final int WMA_20 = 4;
  public static final int RSI_14 = 5;
  public static final int MACD_LINE = 6;
  public static final int MACD_SIGNAL = 7;
  public static final int MACD_HISTOGRAM = 8;
  public static final int BB_UPPER = 9;
  public static final int BB_MIDDLE = 10;
  public static final int BB_LOWER = 11;
  public static final int ATR_14 = 12;
  public static final int STOCH_K = 13;
  public static final int STOCH_D = 14;
  public static final int OBV = 15;
  public static final int VWAP_20 = 16;
  public static final int ADX_14 = 17;
  public static final int PLUS_DI_14 = 18;
  public static final int MINUS_DI_14 = 19;
  public static final int OUTPUTS = 20;

  private static final int SCALARS = 12;
  static final int STATE_BYTES = 1 + Long.BYTES + (SCALARS + OUTPUTS) * Double.BYTES;

  private static final double K_12 = 2.0 / 13;
  private static final double K_26 = 2.0 / 27;
  private static final double K_9 = 2.0 / 10;
  private static final double WILDER_14 = 1.0 / 14;

  private final double[] high = new double[WINDOW];
  private final double[] low = new double[WINDOW];
  private final double[] close = new double[WINDOW];
  private final double[] volume = new double[WINDOW];
  private final double[] typical = new double[WINDOW];

  private long count;
  private double ema12;
  private double ema26;
  private double macdSignal;
  private double avgGain;
  private double avgLoss;
  private double atr;
  private double avgPlusDm;
  private double avgMinusDm;
  private double adx;
  private double obv;
  // %K of the last two bars, for %D
  private double k1 = Double.NaN;
  private double k2 = Double.NaN;

  private final double[] out = new double[OUTPUTS];
  private final double[] previous = new double[OUTPUTS];

  public IndicatorEngine() {
    Arrays.fill(out, Double.NaN);
    Arrays.fill(previous, Double.NaN);
  }

  /** Bars applied so far. */
  public long count() {
    return count;
  }

  /** Applies the next bar of the series. */
  public void update(double h, double l, double c, double v) {
    System.arraycopy(out, 0, previous, 0, OUTPUTS);
    final long n = count;
    final boolean first = n == 0;
    final int slot = (int) (n % WINDOW);
    final int before = first ? -1 : (slot == 0 ? WINDOW - 1 : slot - 1);
    final double prevClose = first ? Double.NaN : close[before];
    final double prevHigh = first ? Double.NaN : high[before];
    final double prevLow = first ? Double.NaN : low[before];

    high[slot] = h;
    low[slot] = l;
    close[slot] = c;
    volume[slot] = v;
    typical[slot] = (h + l + c) / 3;
    count = n + 1;

    // moving averages over full windows
    out[SMA_20] = count >= 20 ? sum(close, slot, 20) / 20 : Double.NaN;
    out[SMA_50] = count >= 50 ? sum(close, slot, 50) / 50 : Double.NaN;
    out[WMA_20] = count >= 20 ? weighted(close, slot, 20) : Double.NaN;

    // EMAs and MACD, seeded with the first value
    if (first) {
      ema12 = c;
      ema26 = c;
    } else {
      ema12 += (c - ema12) * K_12;
      ema26 += (c - ema26) * K_26;
    }
    double macd = ema12 - ema26;
    macdSignal = first ? macd : macdSignal + (macd - macdSignal) * K_9;
    out[EMA_12] = ema12;
    out[EMA_26] = ema26;
    out[MACD_LINE] = macd;
    out[MACD_SIGNAL] = macdSignal;
    out[MACD_HISTOGRAM] = macd - macdSignal;

    // RSI: Wilder's smoothing of gains and losses (0 on the first bar)
    double gain = first ? 0 : Math.max(c - prevClose, 0);
    double loss = first ? 0 : Math.max(prevClose - c, 0);
    avgGain = first ? gain : avgGain + (gain - avgGain) * WILDER_14;
    avgLoss = first ? loss : avgLoss + (loss - avgLoss) * WILDER_14;
    if (n < 14) {
      out[RSI_14] = Double.NaN;
    } else if (avgLoss == 0) {
      out[RSI_14] = avgGain == 0 ? 0 : 100;
    } else {
      out[RSI_14] = 100 - 100 / (1 + avgGain / avgLoss);
    }

    // Bollinger Bands (20, 2): population standard deviation around the SMA
    if (count >= 20) {
      double mean = out[SMA_20];
      double deviation = Math.sqrt(squaredDeviations(close, slot, 20, mean) / 20);
      out[BB_MIDDLE] = mean;
      out[BB_UPPER] = mean + 2 * deviation;
      out[BB_LOWER] = mean - 2 * deviation;
    } else {
      out[BB_MIDDLE] = out[BB_UPPER] = out[BB_LOWER] = Double.NaN;
    }

    // ATR: Wilder's smoothing of the true range
    double tr =
        first
            ? Math.abs(h - l)
            : Math.max(Math.abs(h - l), Math.max(Math.abs(h - prevClose), Math.abs(prevClose - l)));
    atr = first ? tr : atr + (tr - atr) * WILDER_14;
    out[ATR_14] = atr;

    // Stochastic %K(14) and %D = SMA(3) of %K
    double highest = max(high, slot, (int) Math.min(14, count));
    double lowest = min(low, slot, (int) Math.min(14, count));
    double k = highest == lowest ? Double.NaN : (c - lowest) / (highest - lowest) * 100;
    out[STOCH_K] = k;
    out[STOCH_D] = count >= 3 ? (k + k1 + k2) / 3 : Double.NaN;
    k2 = k1;
    k1 = k;

    // On-balance volume
    if (!first) {
      if (c > prevClose) {
        obv += v;
      } else if (c < prevClose) {
        obv -= v;
      }
    }
    out[OBV] = obv;

    // VWAP over the last 20 bars on the typical price
    if (count >= 20) {
      double priceVolume = 0;
      double totalVolume = 0;
      int i = slot;
      for (int j = 0; j < 20; j++) {
        priceVolume += typical[i] * volume[i];
        totalVolume += volume[i];
        i = i == 0 ? WINDOW - 1 : i - 1;
      }
      out[VWAP_20] = totalVolume == 0 ? Double.NaN : priceVolume / totalVolume;
    } else {
      out[VWAP_20] = Double.NaN;
    }

    // ADX(14): Wilder-smoothed directional movement over the ATR, then DX smoothed again
    double plusDm = 0;
    double minusDm = 0;
    if (!first) {
      double up = h - prevHigh;
      double down = prevLow - l;
      plusDm = up > down && up > 0 ? up : 0;
      minusDm = down > up && down > 0 ? down : 0;
    }
    avgPlusDm = first ? plusDm : avgPlusDm + (plusDm - avgPlusDm) * WILDER_14;
    avgMinusDm = first ? minusDm : avgMinusDm + (minusDm - avgMinusDm) * WILDER_14;
    double plusDi = atr == 0 ? 0 : avgPlusDm / atr * 100;
    double minusDi = atr == 0 ? 0 : avgMinusDm / atr * 100;
    double diSum = plusDi + minusDi;
    double dx = diSum == 0 ? 0 : Math.abs(plusDi - minusDi) / diSum * 100;
    adx = first ? dx : adx + (dx - adx) * WILDER_14;
    out[PLUS_DI_14] = plusDi;
    out[MINUS_DI_14] = minusDi;
    out[ADX_14] = adx;
  }

  /** The output after the last bar; NaN when undefined (before its window is full, 0/0). */
  public double value(int output) {
    return out[output];
  }

  /** The output after the bar before the last one (NaN when there was none). */
  public double previous(int output) {
    return previous[output];
  }

  /**
   * The close of the bar {@code barsAgo} bars before the last one (0 = the last bar); NaN when the
   * engine does not hold it.
   */
  public double close(int barsAgo) {
    if (barsAgo < 0 || barsAgo >= Math.min(count, WINDOW)) {
      return Double.NaN;
    }
    return close[(int) ((count - 1 - barsAgo) % WINDOW)];
  }

  public boolean warm(Indicator indicator) {
    return count >= indicator.warmUpBars();
  }

  /** The reading after the last bar. */
  public Reading reading() {
    return new Reading(count, out.clone());
  }

  /** The reading after the bar before the last one. */
  public Reading previousReading() {
    return new Reading(count - 1, previous.clone());
  }

  /** The scalar state and the outputs after the last bar (what a bar row stores). */
  public byte[] state() {
    ByteBuffer buffer = ByteBuffer.allocate(STATE_BYTES);
    buffer.put(FORMAT).putLong(count);
    buffer
        .putDouble(ema12)
        .putDouble(ema26)
        .putDouble(macdSignal)
        .putDouble(avgGain)
        .putDouble(avgLoss)
        .putDouble(atr)
        .putDouble(avgPlusDm)
        .putDouble(avgMinusDm)
        .putDouble(adx)
        .putDouble(obv)
        .putDouble(k1)
        .putDouble(k2);
    for (double value : out) {
      buffer.putDouble(value);
    }
    return buffer.array();
  }

  /** Whether a stored state can be resumed by this code. */
  public static boolean readable(byte[] state) {
    return state != null && state.length == STATE_BYTES && state[0] == FORMAT;
  }

  /**
   * Rebuilds the engine as it was after a bar: {@code state} is that bar's {@link #state()}; {@code
   * window} the last bars up to and including it, oldest first (at least {@code min(count, WINDOW)}
   * of them; each {@code {high, low, close, volume}}).
   */
  public static IndicatorEngine restore(byte[] state, double[][] window) {
    if (!readable(state)) {
      throw new IllegalArgumentException("not an indicator state of format " + FORMAT);
    }
    ByteBuffer buffer = ByteBuffer.wrap(state);
    buffer.get();
    IndicatorEngine engine = new IndicatorEngine();
    engine.count = buffer.getLong();
    int needed = (int) Math.min(engine.count, WINDOW);
    if (window.length < needed) {
      throw new IllegalArgumentException(
          "resuming after bar " + engine.count + " needs its last " + needed + " bars");
    }
    engine.ema12 = buffer.getDouble();
    engine.ema26 = buffer.getDouble();
    engine.macdSignal = buffer.getDouble();
    engine.avgGain = buffer.getDouble();
    engine.avgLoss = buffer.getDouble();
    engine.atr = buffer.getDouble();
    engine.avgPlusDm = buffer.getDouble();
    engine.avgMinusDm = buffer.getDouble();
    engine.adx = buffer.getDouble();
    engine.obv = buffer.getDouble();
    engine.k1 = buffer.getDouble();
    engine.k2 = buffer.getDouble();
    for (int i = 0; i < OUTPUTS; i++) {
      engine.out[i] = buffer.getDouble();
    }
    for (int j = 0; j < needed; j++) {
      double[] bar = window[window.length - needed + j];
      long number = engine.count - needed + j;
      int slot = (int) (number % WINDOW);
      engine.high[slot] = bar[0];
      engine.low[slot] = bar[1];
      engine.close[slot] = bar[2];
      engine.volume[slot] = bar[3];
      engine.typical[slot] = (bar[0] + bar[1] + bar[2]) / 3;
    }
    return engine;
  }

  /** The outputs stored in a bar's state, without rebuilding an engine. */
  public static Reading read(byte[] state) {
    if (!readable(state)) {
      throw new IllegalArgumentException("not an indicator state of format " + FORMAT);
    }
    ByteBuffer buffer = ByteBuffer.wrap(state);
    buffer.get();
    long count = buffer.getLong();
    buffer.position(1 + Long.BYTES + SCALARS * Double.BYTES);
    double[] outputs = new double[OUTPUTS];
    for (int i = 0; i < OUTPUTS; i++) {
      outputs[i] = buffer.getDouble();
    }
    return new Reading(count, outputs);
  }

  private static double sum(double[] ring, int slot, int length) {
    double total = 0;
    int i = slot;
    for (int j = 0; j < length; j++) {
      total += ring[i];
      i = i == 0 ? WINDOW - 1 : i - 1;
    }
    return total;
  }

  /** ta4j's WMA: the newest value weighs {@code length}, the oldest 1. */
  private static double weighted(double[] ring, int slot, int length) {
    double total = 0;
    int i = slot;
    for (int weight = length; weight > 0; weight--) {
      total += weight * ring[i];
      i = i == 0 ? WINDOW - 1 : i - 1;
    }
    return total / (length * (length + 1) / 2);
  }

  private static double squaredDeviations(double[] ring, int slot, int length, double mean) {
    double total = 0;
    int i = slot;
    for (int j = 0; j < length; j++) {
      double d = ring[i] - mean;
      total += d * d;
      i = i == 0 ? WINDOW - 1 : i - 1;
    }
    return total;
  }

  private static double max(double[] ring, int slot, int length) {
    double best = ring[slot];
    int i = slot;
    for (int j = 1; j < length; j++) {
      i = i == 0 ? WINDOW - 1 : i - 1;
      best = Math.max(best, ring[i]);
    }
    return best;
  }

  private static double min(double[] ring, int slot, int length) {
    double best = ring[slot];
    int i = slot;
    for (int j = 1; j < length; j++) {
      i = i == 0 ? WINDOW - 1 : i - 1;
      best = Math.min(best, ring[i]);
    }
    return best;
  }
}
