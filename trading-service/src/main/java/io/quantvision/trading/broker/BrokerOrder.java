package io.quantvision.trading.broker;

import io.quantvision.trading.order.OrderStatus;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a broker says about an order: its id there, its status, and either the fills it reports one
 * by one ({@code executions}, the paper broker) or only the cumulative filled quantity and average
 * price (Alpaca's order object), from which the missing fills are derived.
 */
public record BrokerOrder(
    String brokerOrderId,
    OrderStatus status,
    BigDecimal filledQty,
    BigDecimal filledAvgPrice,
    List<Execution> executions,
    String detail) {

  public static BrokerOrder withExecutions(
      String brokerOrderId, OrderStatus status, List<Execution> executions, String detail) {
    return new BrokerOrder(brokerOrderId, status, null, null, List.copyOf(executions), detail);
  }

  public static BrokerOrder cumulative(
      String brokerOrderId,
      OrderStatus status,
      BigDecimal filledQty,
      BigDecimal filledAvgPrice,
      String detail) {
    return new BrokerOrder(brokerOrderId, status, filledQty, filledAvgPrice, List.of(), detail);
  }
}
