package io.quantvision.trading.broker;

import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.trading.Decimals;
import io.quantvision.trading.TradingConfig;
import io.quantvision.trading.order.Order;
import io.quantvision.trading.order.OrderStatus;
import io.quantvision.trading.price.PriceBook;
import io.quantvision.trading.price.Quote;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The simulated broker. Market orders fill at once at the latest price moved against the trader by
 * the configured slippage; resting limit and stop orders fill when a bar of the fill timeframe
 * crosses their price; no single fill exceeds the configured size or share of a bar's volume, so
 * large orders fill over several bars; {@code ioc} and {@code fok} never rest. It keeps no books of
 * its own: an order it never answered for simply is not there.
 */
@ApplicationScoped
public class PaperBroker implements Broker {

  public static final String NAME = "paper";

  private final PriceBook prices;
  private final TradingConfig.Paper settings;

  PaperBroker(PriceBook prices, TradingConfig config) {
    this.prices = prices;
    this.settings = config.paper();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public BrokerOrder submit(Order order) {
    Optional<Quote> quote = prices.fromBars(order.symbol);
    if (quote.isEmpty()) {
      // accepted on market-data's quote: rest until the first bar prices it
      return restingOrCanceled(order, "no price to fill at yet");
    }
    BigDecimal last = quote.get().price();
    BigDecimal fillPrice = null;
    if (isStop(order) && !stopCrossed(order, last, last)) {
      return restingOrCanceled(order, "stop not reached");
    }
    if (hasLimit(order)) {
      if (!limitCrossed(order, last, last)) {
        return restingOrCanceled(order, "limit not marketable");
      }
      fillPrice = order.isBuy() ? last.min(order.limitPrice) : last.max(order.limitPrice);
    } else {
      fillPrice = withSlippage(order, last);
    }
    BigDecimal qty =
        order.qty != null
            ? order.remainingQty().min(settings.maxFillQty())
            : order.notional.divide(fillPrice, 6, RoundingMode.DOWN);
    boolean complete = order.qty == null || qty.compareTo(order.remainingQty()) >= 0;
    if ("fok".equals(order.timeInForce) && !complete) {
      return BrokerOrder.withExecutions(
          order.id.toString(),
          OrderStatus.CANCELED,
          List.of(),
          "fill or kill: not enough liquidity");
    }
    Execution execution = execution(order, "submit", qty, fillPrice, Instant.now());
    OrderStatus status =
        complete
            ? OrderStatus.FILLED
            : "ioc".equals(order.timeInForce) ? OrderStatus.CANCELED : OrderStatus.PARTIALLY_FILLED;
    return BrokerOrder.withExecutions(order.id.toString(), status, List.of(execution), null);
  }

  /**
   * The fill a resting order gets from one bar, if the bar crosses its price. A stop that the bar
   * reaches is marked triggered on the order (it then behaves as a market or limit order).
   */
  public Optional<Execution> onBar(Order order, BarPayload bar, Instant barEnd) {
    if (!settings.fillTimeframe().equals(bar.timeframe()) || order.remainingQty() == null) {
      return Optional.empty();
    }
    BigDecimal triggerPrice = null;
    if (isStop(order) && !order.stopTriggered) {
      if (!stopCrossed(order, bar.high(), bar.low())) {
        return Optional.empty();
      }
      order.stopTriggered = true;
      triggerPrice =
          order.isBuy() ? order.stopPrice.max(bar.open()) : order.stopPrice.min(bar.open());
    }
    BigDecimal price;
    if (hasLimit(order)) {
      if (!limitCrossed(order, bar.low(), bar.high())) {
        return Optional.empty();
      }
      price = order.isBuy() ? order.limitPrice.min(bar.open()) : order.limitPrice.max(bar.open());
    } else {
      price = withSlippage(order, triggerPrice != null ? triggerPrice : bar.open());
    }
    BigDecimal liquidity =
        BigDecimal.valueOf(bar.volume())
            .multiply(settings.maxVolumeShare())
            .setScale(0, RoundingMode.DOWN)
            .min(settings.maxFillQty());
    BigDecimal qty = order.remainingQty().min(liquidity);
    if (qty.signum() <= 0) {
      return Optional.empty();
    }
    // one fill per order and bar: a corrected bar (a higher revision) cannot fill twice
    String source = bar.timeframe() + "-" + bar.start().getEpochSecond();
    return Optional.of(execution(order, source, qty, price, barEnd));
  }

  @Override
  public Optional<BrokerOrder> find(Order order) {
    return Optional.empty();
  }

  @Override
  public BrokerOrder cancel(Order order) {
    return BrokerOrder.withExecutions(order.id.toString(), OrderStatus.CANCELED, List.of(), null);
  }

  private BrokerOrder restingOrCanceled(Order order, String why) {
    boolean immediate = "ioc".equals(order.timeInForce) || "fok".equals(order.timeInForce);
    return BrokerOrder.withExecutions(
        order.id.toString(),
        immediate ? OrderStatus.CANCELED : OrderStatus.NEW,
        List.of(),
        immediate ? order.timeInForce + ": " + why : null);
  }

  private Execution execution(
      Order order, String source, BigDecimal qty, BigDecimal price, Instant at) {
    BigDecimal commission =
        Decimals.money(
            qty.multiply(settings.commissionPerShare()).max(settings.commissionMinimum()));
    return new Execution(
        "paper-" + order.id + "-" + source,
        qty,
        price.setScale(4, RoundingMode.HALF_EVEN),
        commission,
        at);
  }

  private BigDecimal withSlippage(Order order, BigDecimal price) {
    BigDecimal factor = Decimals.bps(settings.slippageBps());
    return order.isBuy()
        ? price.multiply(BigDecimal.ONE.add(factor))
        : price.multiply(BigDecimal.ONE.subtract(factor));
  }

  private static boolean isStop(Order order) {
    return "stop".equals(order.type) || "stop_limit".equals(order.type);
  }

  private static boolean hasLimit(Order order) {
    return "limit".equals(order.type) || "stop_limit".equals(order.type);
  }

  /** Buy stops trigger at or above the stop, sell stops at or below. */
  private static boolean stopCrossed(Order order, BigDecimal high, BigDecimal low) {
    return order.isBuy()
        ? high.compareTo(order.stopPrice) >= 0
        : low.compareTo(order.stopPrice) <= 0;
  }

  /** Buy limits fill at or below the limit, sell limits at or above. */
  private static boolean limitCrossed(Order order, BigDecimal low, BigDecimal high) {
    return order.isBuy()
        ? low.compareTo(order.limitPrice) <= 0
        : high.compareTo(order.limitPrice) >= 0;
  }
}
