package io.quantvision.marketdata.bar;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** What makes a row a bar: the checks every provider's and every file's rows go through. */
public final class BarRules {

  /** Far above any share price ever quoted (BRK.A is below 10^6); anything above is an error. */
  static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");

  /** Finer than any venue quotes, with room for a provider's binary-float VWAP. */
  static final int MAX_SCALE = 20;

  private BarRules() {}

  public static Optional<Rejection> check(Candidate candidate, Instant now) {
    Bar bar = candidate.bar();
    if (isNotPositive(bar.open())
        || isNotPositive(bar.high())
        || isNotPositive(bar.low())
        || isNotPositive(bar.close())
        || (bar.vwap() != null && isNotPositive(bar.vwap()))) {
      return reject(candidate, RejectReason.NON_POSITIVE_PRICE, "prices must be greater than 0");
    }
    if (isOutOfRange(bar.open())
        || isOutOfRange(bar.high())
        || isOutOfRange(bar.low())
        || isOutOfRange(bar.close())
        || (bar.vwap() != null && isOutOfRange(bar.vwap()))) {
      // beyond any real price, and beyond what PostgreSQL's numeric stores (a 500, not a 422)
      return reject(
          candidate,
          RejectReason.PRICE_OUT_OF_RANGE,
          "prices must be at most "
              + MAX_PRICE.toPlainString()
              + " with at most "
              + MAX_SCALE
              + " decimal places");
    }
    if (bar.high().compareTo(bar.low()) < 0) {
      return reject(
          candidate,
          RejectReason.HIGH_BELOW_LOW,
          "high " + bar.high().toPlainString() + " is below low " + bar.low().toPlainString());
    }
    if (outside(bar.open(), bar)) {
      return reject(
          candidate,
          RejectReason.OPEN_OUTSIDE_RANGE,
          "open " + bar.open().toPlainString() + " is outside low..high");
    }
    if (outside(bar.close(), bar)) {
      return reject(
          candidate,
          RejectReason.CLOSE_OUTSIDE_RANGE,
          "close " + bar.close().toPlainString() + " is outside low..high");
    }
    if (bar.volume() < 0) {
      return reject(candidate, RejectReason.NEGATIVE_VOLUME, "volume " + bar.volume() + " < 0");
    }
    if (bar.tradeCount() != null && bar.tradeCount() < 0) {
      return reject(
          candidate, RejectReason.NEGATIVE_TRADE_COUNT, "trade_count " + bar.tradeCount() + " < 0");
    }
    if (!bar.timeframe().isAligned(bar.start())) {
      return reject(
          candidate,
          RejectReason.MISALIGNED_START,
          "start "
              + bar.start()
              + " is not the start of a "
              + bar.timeframe().label()
              + " bar"
              + (bar.timeframe() == Timeframe.DAY_1 ? " (midnight America/New_York)" : ""));
    }
    if (bar.start().isAfter(now)) {
      return reject(candidate, RejectReason.FUTURE_START, "start " + bar.start() + " is ahead");
    }
    return Optional.empty();
  }

  private static boolean isOutOfRange(BigDecimal price) {
    return price.compareTo(MAX_PRICE) > 0 || price.stripTrailingZeros().scale() > MAX_SCALE;
  }

  private static boolean isNotPositive(BigDecimal price) {
    return price.signum() <= 0;
  }

  private static boolean outside(BigDecimal price, Bar bar) {
    return price.compareTo(bar.low()) < 0 || price.compareTo(bar.high()) > 0;
  }

  private static Optional<Rejection> reject(
      Candidate candidate, RejectReason reason, String message) {
    return Optional.of(Rejection.at(candidate, reason, message));
  }
}
