package io.quantvision.trading.risk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The default pre-trade limits; an account may override each (table {@code risk_limits}). */
@ConfigMapping(prefix = "trading.risk")
public interface RiskLimits {

  @WithDefault("250000")
  BigDecimal maxOrderNotional();

  /** Largest position in one symbol, in shares, counting open buy orders. */
  @WithDefault("10000")
  BigDecimal maxPositionQty();

  @WithDefault("100")
  int maxOpenOrders();

  @WithDefault("120")
  int maxOrdersPerMinute();

  /** Limit and stop prices further than this from the latest price are refused (fat finger). */
  @WithDefault("10")
  BigDecimal priceBandPercent();

  /** A price older than this is stale: no order is priced on it. */
  @WithDefault("5m")
  Duration maxQuoteAge();

  /** Symbols that may be traded; empty means every symbol with a price. */
  Optional<List<String>> allowedSymbols();

  /** This many risk rejections within {@link #burstWindow} raise an alert. */
  @WithDefault("20")
  int rejectionBurst();

  @WithDefault("1m")
  Duration burstWindow();
}
