package io.quantvision.analysis.signal;

import io.quantvision.analysis.indicator.Indicator;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.indicator.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The signal rules. Each looks at the last two bars (a cross happens between them), speaks only
 * when the indicators it needs are warm on both, and carries a version that goes out with every
 * signal it contributed to. Votes are weighted; the net decides the action: buy or sell, or hold
 * when rules disagree and neither side leads by {@link #HOLD_MARGIN}. Confidence is the size of the
 * lead (0-100), plus {@link #TREND_BONUS} when ADX says the market is trending in that direction.
 */
public final class SignalRules {

  /** Rule names and versions; bump a version whenever a rule's meaning changes. */
  public static final String SMA_CROSS = "sma_cross";

  public static final String EMA_CROSS = "ema_cross";
  public static final String MACD_CROSS = "macd_signal_cross";
  public static final String RSI_REVERSAL = "rsi_reversal";
  public static final String BOLLINGER_BREAKOUT = "bollinger_breakout";

  static final Map<String, String> VERSIONS =
      Map.of(
          SMA_CROSS,
          "1",
          EMA_CROSS,
          "1",
          MACD_CROSS,
          "1",
          RSI_REVERSAL,
          "1",
          BOLLINGER_BREAKOUT,
          "1");

  static final int HOLD_MARGIN = 10;
  static final int TREND_BONUS = 10;
  static final double TRENDING_ADX = 25;
  static final double OVERSOLD = 30;
  static final double OVERBOUGHT = 70;

  private SignalRules() {}

  /** What the rules conclude about the last bar. */
  public record Decision(
      String action, int confidence, List<String> reasons, Map<String, String> rules) {}

  private record Vote(String rule, int direction, int weight, String reason) {}

  /**
   * Evaluates the last bar: {@code now} and {@code before} are the readings after it and after the
   * bar before it; {@code close}/{@code previousClose} their closes.
   */
  public static Optional<Decision> evaluate(
      Reading now, Reading before, double close, double previousClose) {
    List<Vote> votes = new ArrayList<>();
    cross(
            now,
            before,
            Indicator.SMA_50,
            IndicatorEngine.SMA_20,
            IndicatorEngine.SMA_50,
            SMA_CROSS,
            30,
            "SMA(20) crossed %s SMA(50) (%s vs %s)")
        .ifPresent(votes::add);
    cross(
            now,
            before,
            Indicator.EMA_26,
            IndicatorEngine.EMA_12,
            IndicatorEngine.EMA_26,
            EMA_CROSS,
            20,
            "EMA(12) crossed %s EMA(26) (%s vs %s)")
        .ifPresent(votes::add);
    cross(
            now,
            before,
            Indicator.MACD,
            IndicatorEngine.MACD_LINE,
            IndicatorEngine.MACD_SIGNAL,
            MACD_CROSS,
            25,
            "MACD crossed %s its signal line (%s vs %s)")
        .ifPresent(votes::add);
    rsi(now, before).ifPresent(votes::add);
    bollinger(now, before, close, previousClose).ifPresent(votes::add);
    if (votes.isEmpty()) {
      return Optional.empty();
    }

    int buy = votes.stream().filter(v -> v.direction > 0).mapToInt(Vote::weight).sum();
    int sell = votes.stream().filter(v -> v.direction < 0).mapToInt(Vote::weight).sum();
    List<String> reasons = new ArrayList<>(votes.stream().map(Vote::reason).toList());
    Map<String, String> rules = new LinkedHashMap<>();
    votes.forEach(v -> rules.put(v.rule, VERSIONS.get(v.rule)));

    int net = buy - sell;
    if (buy > 0 && sell > 0 && Math.abs(net) < HOLD_MARGIN) {
      reasons.add("buy and sell rules disagree (" + buy + " vs " + sell + "): hold");
      return Optional.of(new Decision("hold", Math.min(buy, sell), reasons, rules));
    }
    int direction = Integer.signum(net);
    int confidence = Math.abs(net);
    double adx = now.get(Indicator.ADX_14, IndicatorEngine.ADX_14);
    if (adx >= TRENDING_ADX) {
      double plus = now.get(Indicator.ADX_14, IndicatorEngine.PLUS_DI_14);
      double minus = now.get(Indicator.ADX_14, IndicatorEngine.MINUS_DI_14);
      if (Integer.signum(Double.compare(plus, minus)) == direction) {
        confidence += TREND_BONUS;
        reasons.add(
            String.format(
                Locale.ROOT,
                "ADX(14) %.1f: the trend is strong and %s",
                adx,
                direction > 0 ? "rising" : "falling"));
      }
    }
    return Optional.of(
        new Decision(direction > 0 ? "buy" : "sell", Math.min(100, confidence), reasons, rules));
  }

  private static Optional<Vote> cross(
      Reading now,
      Reading before,
      Indicator needs,
      int fast,
      int slow,
      String rule,
      int weight,
      String reason) {
    if (!now.warm(needs) || !before.warm(needs)) {
      return Optional.empty();
    }
    double fastNow = now.outputs()[fast];
    double slowNow = now.outputs()[slow];
    double fastBefore = before.outputs()[fast];
    double slowBefore = before.outputs()[slow];
    if (fastBefore <= slowBefore && fastNow > slowNow) {
      return Optional.of(
          new Vote(
              rule,
              1,
              weight,
              String.format(Locale.ROOT, reason, "above", num(fastNow), num(slowNow))));
    }
    if (fastBefore >= slowBefore && fastNow < slowNow) {
      return Optional.of(
          new Vote(
              rule,
              -1,
              weight,
              String.format(Locale.ROOT, reason, "below", num(fastNow), num(slowNow))));
    }
    return Optional.empty();
  }

  /** RSI leaving a zone: rising back out of oversold is a buy, falling out of overbought a sell. */
  private static Optional<Vote> rsi(Reading now, Reading before) {
    if (!now.warm(Indicator.RSI_14) || !before.warm(Indicator.RSI_14)) {
      return Optional.empty();
    }
    double rsi = now.outputs()[IndicatorEngine.RSI_14];
    double previous = before.outputs()[IndicatorEngine.RSI_14];
    if (previous < OVERSOLD && rsi >= OVERSOLD) {
      return Optional.of(
          new Vote(
              RSI_REVERSAL,
              1,
              25,
              "RSI(14) rose out of oversold (" + num(previous) + " to " + num(rsi) + ")"));
    }
    if (previous > OVERBOUGHT && rsi <= OVERBOUGHT) {
      return Optional.of(
          new Vote(
              RSI_REVERSAL,
              -1,
              25,
              "RSI(14) fell out of overbought (" + num(previous) + " to " + num(rsi) + ")"));
    }
    return Optional.empty();
  }

  /** The close breaking out of the bands: above the upper band buys, below the lower band sells. */
  private static Optional<Vote> bollinger(
      Reading now, Reading before, double close, double previousClose) {
    if (!now.warm(Indicator.BOLLINGER)
        || !before.warm(Indicator.BOLLINGER)
        || Double.isNaN(previousClose)) {
      return Optional.empty();
    }
    double upper = now.outputs()[IndicatorEngine.BB_UPPER];
    double lower = now.outputs()[IndicatorEngine.BB_LOWER];
    if (previousClose <= before.outputs()[IndicatorEngine.BB_UPPER] && close > upper) {
      return Optional.of(
          new Vote(
              BOLLINGER_BREAKOUT,
              1,
              20,
              "close " + num(close) + " broke above the upper Bollinger band " + num(upper)));
    }
    if (previousClose >= before.outputs()[IndicatorEngine.BB_LOWER] && close < lower) {
      return Optional.of(
          new Vote(
              BOLLINGER_BREAKOUT,
              -1,
              20,
              "close " + num(close) + " broke below the lower Bollinger band " + num(lower)));
    }
    return Optional.empty();
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
