package io.quantvision.trading.risk;

import io.quantvision.trading.Decimals;
import io.quantvision.trading.TradingConfig;
import io.quantvision.trading.control.TradingState;
import io.quantvision.trading.order.OrderRequest;
import io.quantvision.trading.price.Quote;
import io.quantvision.trading.price.QuoteLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * The pre-trade checks, in the order a trader would want to hear about them. Runs inside the
 * transaction that holds the account's lock, so two orders of one account are checked one after the
 * other and cannot both spend the same buying power.
 */
@ApplicationScoped
public class RiskCheck {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final EntityManager em;
  private final RiskLimits defaults;
  private final TradingConfig config;

  RiskCheck(EntityManager em, RiskLimits defaults, TradingConfig config) {
    this.em = em;
    this.defaults = defaults;
    this.config = config;
  }

  /** What an accepted order is worth and how much buying power it holds while open. */
  public record Assessment(BigDecimal referencePrice, BigDecimal notional, BigDecimal reserve) {}

  /** The price-free checks, before any price is looked up (a halted market needs no quote). */
  public EffectiveLimits preCheck(String userId, OrderRequest order, TradingState state) {
    if (state == TradingState.HALTED) {
      throw new RiskRejection(
          RiskReason.TRADING_HALTED, "Trading is halted; only cancels are accepted");
    }
    if (state == TradingState.REDUCING && "buy".equals(order.side())) {
      throw new RiskRejection(
          RiskReason.TRADING_REDUCING, "Trading is restricted to orders that reduce a position");
    }
    EffectiveLimits limits = limitsOf(userId);
    if (!limits.allows(order.symbol())) {
      throw new RiskRejection(
          RiskReason.SYMBOL_NOT_ALLOWED, order.symbol() + " is not on this account's allow-list");
    }
    return limits;
  }

  /** The checks that need the price and the account's books; throws {@link RiskRejection}. */
  public Assessment check(
      String userId,
      OrderRequest order,
      QuoteLookup lookup,
      EffectiveLimits limits,
      BigDecimal cash,
      BigDecimal held) {
    Quote quote = priced(order.symbol(), lookup);
    BigDecimal price = quote.price();
    for (BigDecimal boundary : new BigDecimal[] {order.limitPrice(), order.stopPrice()}) {
      if (boundary != null) {
        BigDecimal deviation =
            boundary.subtract(price).abs().multiply(HUNDRED).divide(price, 4, RoundingMode.HALF_UP);
        if (deviation.compareTo(limits.priceBandPercent()) > 0) {
          throw new RiskRejection(
              RiskReason.PRICE_BAND,
              "Price "
                  + boundary.toPlainString()
                  + " is "
                  + deviation.stripTrailingZeros().toPlainString()
                  + "% from the latest price "
                  + price.toPlainString()
                  + " (band: "
                  + limits.priceBandPercent().toPlainString()
                  + "%)");
        }
      }
    }
    BigDecimal reference =
        order.limitPrice() != null
            ? order.limitPrice()
            : order.stopPrice() != null && "buy".equals(order.side())
                ? order.stopPrice().max(price)
                : price;
    BigDecimal qty =
        order.qty() != null
            ? order.qty()
            : order.notional().divide(price, Decimals.QTY_SCALE, RoundingMode.DOWN);
    BigDecimal notional = order.notional() != null ? order.notional() : qty.multiply(reference);
    if (notional.compareTo(limits.maxOrderNotional()) > 0) {
      throw new RiskRejection(
          RiskReason.MAX_ORDER_NOTIONAL,
          "Order value "
              + Decimals.plain(notional.setScale(2, RoundingMode.HALF_UP)).toPlainString()
              + " exceeds the limit of "
              + limits.maxOrderNotional().toPlainString());
    }
    Books books = books(userId, order.symbol(), limits.maxOrdersPerMinute());
    if (books.placedLastMinute() >= limits.maxOrdersPerMinute()) {
      throw new RiskRejection(
          RiskReason.RATE_LIMIT,
          "At most " + limits.maxOrdersPerMinute() + " orders per minute are allowed");
    }
    if (books.open() >= limits.maxOpenOrders()) {
      throw new RiskRejection(
          RiskReason.MAX_OPEN_ORDERS,
          "At most " + limits.maxOpenOrders() + " open orders are allowed");
    }
    if ("sell".equals(order.side())) {
      BigDecimal sellable = held.subtract(books.openSellQty());
      if (qty.compareTo(sellable) > 0) {
        throw new RiskRejection(
            RiskReason.INSUFFICIENT_POSITION,
            "Selling "
                + Decimals.plain(qty).toPlainString()
                + " "
                + order.symbol()
                + " but only "
                + Decimals.plain(sellable.max(BigDecimal.ZERO)).toPlainString()
                + " are held and not already offered");
      }
      return new Assessment(price, notional, BigDecimal.ZERO);
    }
    BigDecimal projected = held.add(books.openBuyQty()).add(qty);
    if (projected.compareTo(limits.maxPositionQty()) > 0) {
      throw new RiskRejection(
          RiskReason.MAX_POSITION,
          "The position in "
              + order.symbol()
              + " would reach "
              + Decimals.plain(projected).toPlainString()
              + " shares (limit "
              + limits.maxPositionQty().toPlainString()
              + ")");
    }
    BigDecimal reserve = reserveFor(order, qty, reference);
    BigDecimal buyingPower = cash.subtract(books.reserved());
    if (reserve.compareTo(buyingPower) > 0) {
      throw new RiskRejection(
          RiskReason.INSUFFICIENT_BUYING_POWER,
          "The order needs "
              + Decimals.plain(reserve.setScale(2, RoundingMode.HALF_UP)).toPlainString()
              + " of buying power; "
              + Decimals.plain(buyingPower.max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP))
                  .toPlainString()
              + " is available");
    }
    return new Assessment(price, notional, reserve);
  }

  public EffectiveLimits limitsOf(String userId) {
    return EffectiveLimits.of(
        defaults, Optional.ofNullable(em.find(AccountRiskLimits.class, userId)));
  }

  /** Buying power held by a buy order: its value at the reference price, slippage and fees. */
  BigDecimal reserveFor(OrderRequest order, BigDecimal qty, BigDecimal reference) {
    if (order.notional() != null) {
      return Decimals.money(order.notional());
    }
    BigDecimal withSlippage =
        order.limitPrice() != null
            ? reference
            : reference.multiply(BigDecimal.ONE.add(Decimals.bps(config.paper().slippageBps())));
    BigDecimal fees =
        qty.multiply(config.paper().commissionPerShare()).max(config.paper().commissionMinimum());
    return Decimals.money(qty.multiply(withSlippage).add(fees));
  }

  private Quote priced(String symbol, QuoteLookup lookup) {
    return switch (lookup.outcome()) {
      case UNKNOWN_SYMBOL ->
          throw new RiskRejection(RiskReason.UNKNOWN_SYMBOL, "No price is known for " + symbol);
      case UNAVAILABLE ->
          throw new RiskRejection(
              RiskReason.QUOTE_UNAVAILABLE, "No price for " + symbol + " could be obtained");
      case FOUND -> {
        Quote quote = lookup.quote().orElseThrow();
        if (quote.isStale(Instant.now(), defaults.maxQuoteAge())) {
          throw new RiskRejection(
              RiskReason.STALE_QUOTE,
              "The latest price of "
                  + symbol
                  + " dates from "
                  + quote.asOf()
                  + ", older than "
                  + defaults.maxQuoteAge());
        }
        yield quote;
      }
    };
  }

  private record Books(
      long open,
      long placedLastMinute,
      BigDecimal reserved,
      BigDecimal openBuyQty,
      BigDecimal openSellQty) {}

  // The orders of the last minute are counted up to the limit only: an account placing many
  // orders does not make each of its orders count them all.
  private Books books(String userId, String symbol, int perMinuteLimit) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "SELECT count(*),"
                        + " coalesce(sum(reserved), 0),"
                        + " coalesce(sum(qty - filled_qty) FILTER (WHERE symbol = ?2 AND side = 'buy'), 0),"
                        + " coalesce(sum(qty - filled_qty) FILTER (WHERE symbol = ?2 AND side = 'sell'), 0),"
                        + " (SELECT count(*) FROM (SELECT 1 FROM orders r WHERE r.user_id = ?1"
                        + "   AND r.created_at > now() - interval '1 minute' LIMIT ?3) recent)"
                        + " FROM orders WHERE user_id = ?1"
                        + " AND status IN ('accepted', 'new', 'partially_filled', 'pending_cancel')")
                .setParameter(1, userId)
                .setParameter(2, symbol)
                .setParameter(3, perMinuteLimit)
                .getSingleResult();
    return new Books(
        ((Number) row[0]).longValue(),
        ((Number) row[4]).longValue(),
        (BigDecimal) row[1],
        (BigDecimal) row[2],
        (BigDecimal) row[3]);
  }
}
