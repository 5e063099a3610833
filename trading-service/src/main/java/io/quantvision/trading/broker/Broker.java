package io.quantvision.trading.broker;

import io.quantvision.trading.order.Order;
import java.util.Optional;

/**
 * Where orders go. The order's own id is its {@code client_order_id} at the broker: unique across
 * every account this service keeps (one broker account serves them all), and the same on every
 * attempt, so a broker can always be asked whether it already has an order.
 */
public interface Broker {

  /** {@code paper} or {@code alpaca}: the value stored on orders and used as a metric tag. */
  String name();

  /**
   * Hands a new order to the broker.
   *
   * @throws BrokerException when the broker refused it ({@link BrokerException.Kind#REFUSED}) or
   *     the outcome is unknown
   */
  BrokerOrder submit(Order order);

  /** The broker's view of an order, looked up by client_order_id; empty if it has none. */
  Optional<BrokerOrder> find(Order order);

  /** Asks the broker to cancel; returns its view afterwards (possibly still pending_cancel). */
  BrokerOrder cancel(Order order);

  /**
   * Whether this broker answers inside this process, without a remote call (the paper broker). Such
   * a broker's answer is recorded in the transaction that accepts the order: nothing leaves the
   * process, so there is no outcome to lose between persisting the order and sending it.
   */
  default boolean inProcess() {
    return false;
  }

  /** Whether this broker reports fills only when asked (then open orders are polled). */
  default boolean needsPolling() {
    return false;
  }
}
