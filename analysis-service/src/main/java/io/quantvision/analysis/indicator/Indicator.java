package io.quantvision.analysis.indicator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The indicators this service keeps for every (symbol, timeframe), with their wire names, the
 * engine outputs they are made of, and how many bars they need before they are warm. Windowed
 * indicators are warm once their window is full; exponential smoothers (EMA, Wilder's RSI, ATR,
 * ADX) start from the first bar as ta4j does, and are warm after three times their period, when the
 * seed weighs less than 5% (Wilder) or 0.3% (EMA) of the value.
 */
public enum Indicator {
  SMA_20("sma_20", 20, Part.single(IndicatorEngine.SMA_20)),
  SMA_50("sma_50", 50, Part.single(IndicatorEngine.SMA_50)),
  EMA_12("ema_12", 36, Part.single(IndicatorEngine.EMA_12)),
  EMA_26("ema_26", 78, Part.single(IndicatorEngine.EMA_26)),
  WMA_20("wma_20", 20, Part.single(IndicatorEngine.WMA_20)),
  RSI_14("rsi_14", 42, Part.single(IndicatorEngine.RSI_14)),
  // the MACD line is warm with EMA(26); its signal EMA(9) needs 3 x 9 more
  MACD(
      "macd_12_26_9",
      105,
      new Part("macd", IndicatorEngine.MACD_LINE),
      new Part("signal", IndicatorEngine.MACD_SIGNAL),
      new Part("histogram", IndicatorEngine.MACD_HISTOGRAM)),
  BOLLINGER(
      "bb_20_2",
      20,
      new Part("upper", IndicatorEngine.BB_UPPER),
      new Part("middle", IndicatorEngine.BB_MIDDLE),
      new Part("lower", IndicatorEngine.BB_LOWER)),
  ATR_14("atr_14", 42, Part.single(IndicatorEngine.ATR_14)),
  // %K over 14 bars, %D the 3-bar average of %K: 14 + 3 - 1
  STOCHASTIC(
      "stoch_14_3",
      16,
      new Part("k", IndicatorEngine.STOCH_K),
      new Part("d", IndicatorEngine.STOCH_D)),
  OBV("obv", 1, Part.single(IndicatorEngine.OBV)),
  VWAP_20("vwap_20", 20, Part.single(IndicatorEngine.VWAP_20)),
  // directional indicators smoothed over 14, then ADX smoothed over 14 again
  ADX_14(
      "adx_14",
      84,
      new Part("adx", IndicatorEngine.ADX_14),
      new Part("plus_di", IndicatorEngine.PLUS_DI_14),
      new Part("minus_di", IndicatorEngine.MINUS_DI_14));

  /** One output of an indicator; {@code key} is null for a single-valued indicator. */
  public record Part(String key, int output) {
    static Part single(int output) {
      return new Part(null, output);
    }
  }

  private final String wireName;
  private final int warmUpBars;
  private final List<Part> parts;

  Indicator(String wireName, int warmUpBars, Part... parts) {
    this.wireName = wireName;
    this.warmUpBars = warmUpBars;
    this.parts = List.of(parts);
  }

  public String wireName() {
    return wireName;
  }

  /** Bars the series must hold before this indicator reports a value. */
  public int warmUpBars() {
    return warmUpBars;
  }

  public List<Part> parts() {
    return parts;
  }

  public boolean singleValued() {
    return parts.size() == 1 && parts.get(0).key() == null;
  }

  public static Optional<Indicator> named(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(i -> i.wireName.equals(wanted)).findFirst();
  }

  public static String knownNames() {
    return Arrays.stream(values()).map(Indicator::wireName).collect(Collectors.joining(", "));
  }
}
