package io.quantvision.analysis.report;

import io.quantvision.analysis.indicator.Indicator;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.indicator.Reading;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.analysis.series.StoredBar;
import io.quantvision.analysis.signal.Signal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The report written without a model, from the indicators and signals alone: trend (price and the
 * 20/50-bar SMAs), momentum (RSI, the MACD line), trend strength (ADX), volatility (ATR), support
 * and resistance (the recent range and the Bollinger Bands). Deterministic: the same bars give the
 * same report.
 */
final class RuleBasedNarrative {

  /** The "model" of a fallback report. */
  static final String MODEL = "rule-based-v1";

  private RuleBasedNarrative() {}

  static ReportDraft write(
      SeriesKey key, List<StoredBar> bars, Reading reading, Optional<Signal> lastSignal) {
    StoredBar last = bars.get(bars.size() - 1);
    double close = last.close().doubleValue();
    List<String> sentences = new ArrayList<>();
    List<String> risks = new ArrayList<>();
    int score = 0;
    int evidence = 0;

    sentences.add(
        String.format(
            Locale.ROOT,
            "%s (%s) closed at %s on the bar starting %s.",
            key.symbol(),
            key.timeframe().wireName(),
            last.close().toPlainString(),
            last.start()));

    double sma20 = reading.get(Indicator.SMA_20, IndicatorEngine.SMA_20);
    double sma50 = reading.get(Indicator.SMA_50, IndicatorEngine.SMA_50);
    if (!Double.isNaN(sma50)) {
      evidence++;
      boolean above = close > sma50;
      boolean fastAbove = sma20 > sma50;
      if (above && fastAbove) {
        score++;
        sentences.add("Price and the 20-bar SMA are above the 50-bar SMA: an uptrend.");
      } else if (!above && !fastAbove) {
        score--;
        sentences.add("Price and the 20-bar SMA are below the 50-bar SMA: a downtrend.");
      } else {
        sentences.add("Price and the 20-bar SMA disagree about the 50-bar SMA: no clear trend.");
      }
    } else if (!Double.isNaN(sma20)) {
      evidence++;
      score += close > sma20 ? 1 : -1;
      sentences.add(
          "Price is " + (close > sma20 ? "above" : "below") + " its 20-bar SMA (short history).");
    }

    double rsi = reading.get(Indicator.RSI_14, IndicatorEngine.RSI_14);
    if (!Double.isNaN(rsi)) {
      evidence++;
      if (rsi >= 70) {
        score--;
        risks.add(String.format(Locale.ROOT, "RSI(14) at %.1f is overbought: pullback risk", rsi));
        sentences.add(String.format(Locale.ROOT, "RSI(14) at %.1f is overbought.", rsi));
      } else if (rsi <= 30) {
        score++;
        risks.add(String.format(Locale.ROOT, "RSI(14) at %.1f is oversold: selling pressure", rsi));
        sentences.add(String.format(Locale.ROOT, "RSI(14) at %.1f is oversold.", rsi));
      } else {
        sentences.add(String.format(Locale.ROOT, "RSI(14) at %.1f is neutral.", rsi));
      }
    }

    double macd = reading.get(Indicator.MACD, IndicatorEngine.MACD_LINE);
    if (!Double.isNaN(macd)) {
      evidence++;
      score += macd > 0 ? 1 : -1;
      double histogram = reading.get(Indicator.MACD, IndicatorEngine.MACD_HISTOGRAM);
      sentences.add(
          String.format(
              Locale.ROOT,
              "MACD(12,26) is %s (%.3f), %s its signal line.",
              macd > 0 ? "positive" : "negative",
              macd,
              histogram > 0 ? "above" : "below"));
    }

    double adx = reading.get(Indicator.ADX_14, IndicatorEngine.ADX_14);
    if (!Double.isNaN(adx) && adx < 20) {
      risks.add(
          String.format(
              Locale.ROOT,
              "ADX(14) at %.1f: no established trend, signals are less reliable",
              adx));
    }
    double atr = reading.get(Indicator.ATR_14, IndicatorEngine.ATR_14);
    if (!Double.isNaN(atr) && close > 0 && atr / close > 0.03) {
      risks.add(
          String.format(
              Locale.ROOT, "high volatility: ATR(14) is %.1f%% of the price", 100 * atr / close));
    }
    long cold = java.util.Arrays.stream(Indicator.values()).filter(i -> !reading.warm(i)).count();
    if (cold > 0) {
      risks.add(
          "only "
              + reading.count()
              + " bars of history: "
              + cold
              + " of "
              + Indicator.values().length
              + " indicators are not warm yet");
    }
    lastSignal.ifPresent(
        s ->
            sentences.add(
                String.format(
                    Locale.ROOT,
                    "Latest signal: %s (confidence %d) on the bar of %s.",
                    s.action(),
                    s.confidence(),
                    s.barTime())));

    String outlook = score >= 1 ? "bullish" : score <= -1 ? "bearish" : "neutral";
    int confidence =
        evidence == 0 ? 10 : Math.min(80, 30 + 15 * Math.abs(score) + 5 * Math.min(evidence, 3));
    return new ReportDraft(
        String.join(" ", sentences), outlook, confidence, keyLevels(bars, reading), risks);
  }

  /** The recent range's low and high, and the Bollinger Bands when warm. */
  private static List<KeyLevel> keyLevels(List<StoredBar> bars, Reading reading) {
    List<StoredBar> recent = bars.subList(Math.max(0, bars.size() - 20), bars.size());
    TreeSet<BigDecimal> supports = new TreeSet<>();
    TreeSet<BigDecimal> resistances = new TreeSet<>();
    recent.stream().map(StoredBar::low).min(Comparator.naturalOrder()).ifPresent(supports::add);
    recent.stream().map(StoredBar::high).max(Comparator.naturalOrder()).ifPresent(resistances::add);
    double lower = reading.get(Indicator.BOLLINGER, IndicatorEngine.BB_LOWER);
    double upper = reading.get(Indicator.BOLLINGER, IndicatorEngine.BB_UPPER);
    if (!Double.isNaN(lower) && lower > 0) {
      supports.add(price(lower));
    }
    if (!Double.isNaN(upper)) {
      resistances.add(price(upper));
    }
    List<KeyLevel> levels = new ArrayList<>();
    supports.descendingSet().forEach(p -> levels.add(new KeyLevel(KeyLevel.SUPPORT, p)));
    resistances.forEach(p -> levels.add(new KeyLevel(KeyLevel.RESISTANCE, p)));
    return levels;
  }

  private static BigDecimal price(double value) {
    return KeyLevel.plain(BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN));
  }
}
