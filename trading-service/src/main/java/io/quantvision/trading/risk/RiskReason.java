package io.quantvision.trading.risk;

import java.util.Locale;

/** Why a pre-trade check refused an order: the {@code reason} of the 422 problem. */
public enum RiskReason {
  TRADING_HALTED("Trading is halted: only cancels are accepted"),
  TRADING_REDUCING("Trading is restricted to orders that reduce a position"),
  SYMBOL_NOT_ALLOWED("The symbol is not on this account's allow-list"),
  UNKNOWN_SYMBOL("No price is known for this symbol"),
  QUOTE_UNAVAILABLE("No price could be obtained for this symbol"),
  STALE_QUOTE("The latest price is too old to price an order on"),
  PRICE_BAND("The limit or stop price is too far from the latest price"),
  MAX_ORDER_NOTIONAL("The order's value exceeds the per-order limit"),
  MAX_POSITION("The order would take the position beyond its limit"),
  INSUFFICIENT_POSITION("Selling more than is held (short selling is not offered)"),
  MAX_OPEN_ORDERS("Too many open orders"),
  RATE_LIMIT("Too many orders in the last minute"),
  INSUFFICIENT_BUYING_POWER("Not enough buying power");

  private final String title;

  RiskReason(String title) {
    this.title = title;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String title() {
    return title;
  }
}
