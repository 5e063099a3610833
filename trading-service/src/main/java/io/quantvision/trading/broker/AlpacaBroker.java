package io.quantvision.trading.broker;

import io.quantvision.trading.Decimals;
import io.quantvision.trading.order.Order;
import io.quantvision.trading.order.OrderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * Orders placed at Alpaca (Trading API v2), the order's id as Alpaca's client_order_id. Alpaca's
 * order object carries cumulative fills only, so open orders are polled and each increase of {@code
 * filled_qty} becomes one fill, identified by Alpaca's order id and the cumulative quantity: the
 * same report seen twice is the same fill.
 */
@ApplicationScoped
public class AlpacaBroker implements Broker {

  public static final String NAME = "alpaca";

  private final AlpacaClient client;

  AlpacaBroker(AlpacaClient client) {
    this.client = client;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean needsPolling() {
    return true;
  }

  @Override
  public BrokerOrder submit(Order order) {
    return view(
        client.submit(
            new AlpacaApi.NewOrder(
                order.symbol,
                Decimals.plain(order.qty),
                Decimals.plain(order.notional),
                order.side,
                order.type,
                order.timeInForce,
                Decimals.plain(order.limitPrice),
                Decimals.plain(order.stopPrice),
                order.id.toString())));
  }

  @Override
  public Optional<BrokerOrder> find(Order order) {
    return client.byClientOrderId(order.id.toString()).map(AlpacaBroker::view);
  }

  @Override
  public BrokerOrder cancel(Order order) {
    if (order.brokerOrderId == null) {
      Optional<BrokerOrder> there = find(order);
      if (there.isEmpty()) {
        return BrokerOrder.cumulative(
            null, OrderStatus.CANCELED, BigDecimal.ZERO, null, "never reached Alpaca");
      }
      order.brokerOrderId = there.get().brokerOrderId();
    }
    boolean accepted = client.cancel(order.brokerOrderId);
    // Alpaca answers 204 and cancels asynchronously: the order's own status tells the outcome
    return find(order)
        .orElseThrow(
            () ->
                new BrokerException(
                    BrokerException.Kind.UNAVAILABLE,
                    "Alpaca lost order "
                        + order.brokerOrderId
                        + " after a cancel ("
                        + accepted
                        + ")"));
  }

  static BrokerOrder view(AlpacaApi.AlpacaOrder order) {
    return BrokerOrder.cumulative(
        order.id(),
        statusOf(order.status()),
        order.filledQty() == null ? BigDecimal.ZERO : order.filledQty(),
        order.filledAvgPrice(),
        "alpaca status " + order.status());
  }

  /** Alpaca has more statuses than we keep; those that mean "working at the broker" are new. */
  static OrderStatus statusOf(String alpaca) {
    return switch (alpaca == null ? "" : alpaca.toLowerCase(Locale.ROOT)) {
      case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
      case "filled" -> OrderStatus.FILLED;
      case "pending_cancel" -> OrderStatus.PENDING_CANCEL;
      case "canceled" -> OrderStatus.CANCELED;
      case "expired" -> OrderStatus.EXPIRED;
      case "rejected" -> OrderStatus.REJECTED;
      default -> OrderStatus.NEW;
    };
  }
}
