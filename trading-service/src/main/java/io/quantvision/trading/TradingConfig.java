package io.quantvision.trading;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

/** Typed settings of the trading service; every default is also in application.properties. */
@ConfigMapping(prefix = "trading")
public interface TradingConfig {

  /** Trading writes need a token whose {@code amr} contains {@code otp}. */
  @WithName("require-2fa")
  @WithDefault("true")
  boolean requireTwoFactor();

  /** Orders whose notional exceeds this need a 2FA check no older than {@link #recent2faAge}. */
  @WithName("recent-2fa-notional")
  @WithDefault("50000")
  BigDecimal recent2faNotional();

  @WithName("recent-2fa-age")
  @WithDefault("15m")
  Duration recent2faAge();

  /** Cash a paper account starts with, created on a user's first request. */
  @WithDefault("100000")
  BigDecimal startingCash();

  /** {@code paper} or {@code alpaca}. */
  @WithDefault("paper")
  String broker();

  /** How long an instance may take to hand an accepted order to the broker before others check. */
  @WithDefault("30s")
  Duration submitLease();

  /** How often accepted orders whose submission outcome is unknown are reconciled. */
  @WithDefault("5s")
  Duration reconcileInterval();

  Paper paper();

  Alpaca alpaca();

  Metrics metrics();

  Faults faults();

  /** The in-process paper broker. */
  interface Metrics {
    /** How often the platform-wide P&L gauges are recomputed (read by PnlGauges' schedule). */
    @WithDefault("15s")
    Duration pnlRefresh();
  }

  interface Paper {
    /** Market orders fill at the latest price moved against the trader by this many bps. */
    @WithDefault("5")
    BigDecimal slippageBps();

    @WithDefault("0")
    BigDecimal commissionPerShare();

    @WithDefault("0")
    BigDecimal commissionMinimum();

    /** At most this many shares of one order fill at once (then on following bars). */
    @WithDefault("5000")
    BigDecimal maxFillQty();

    /** At most this share of a bar's volume fills one order on that bar. */
    @WithDefault("0.25")
    BigDecimal maxVolumeShare();

    /** Resting limit and stop orders are matched against bars of this timeframe. */
    @WithDefault("1Min")
    String fillTimeframe();

    /** {@code day} orders expire at this local time of {@link #marketZone}. */
    @WithDefault("16:00")
    LocalTime marketClose();

    @WithDefault("America/New_York")
    String marketZone();
  }

  /** Alpaca Trading API v2. */
  interface Alpaca {
    Optional<String> apiKey();

    Optional<String> apiSecret();

    /** Overrides the base URL that {@link #paperTrading} picks. */
    Optional<String> tradingUrl();

    @WithDefault("true")
    boolean paperTrading();

    /** How often open Alpaca orders are polled for status and fills. */
    @WithDefault("2s")
    Duration pollInterval();
  }

  /** TEST-ONLY fault hooks, used by the crash test to kill the process at a precise point. */
  interface Faults {
    /** Halts the JVM after an order is accepted and before the broker is called. */
    @WithDefault("false")
    boolean haltBeforeBrokerCall();

    /** Halts the JVM after the broker answered and before the answer is recorded. */
    @WithDefault("false")
    boolean haltAfterBrokerCall();
  }
}
