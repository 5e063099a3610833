package io.quantvision.alert.stream;

import io.quantvision.alert.delivery.ChannelSettings;
import io.quantvision.alert.intake.AlertIntake;
import io.quantvision.alert.intake.IncomingAlert;
import io.quantvision.alert.subscription.Subscriptions;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.OrderPayload;
import io.quantvision.support.stream.StreamHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills and rejections from {@code trading.orders.v1}, for users subscribed to {@code order_fills}
 * or {@code order_rejections}: one {@code info} notification each (email by default).
 */
@ApplicationScoped
public class OrderNotificationHandler implements StreamHandler {

  private final AlertIntake intake;
  private final Subscriptions subscriptions;

  OrderNotificationHandler(AlertIntake intake, Subscriptions subscriptions) {
    this.intake = intake;
    this.subscriptions = subscriptions;
  }

  @Override
  public String stream() {
    return Streams.TRADING_ORDERS;
  }

  @Override
  public void handle(EventEnvelope event) {
    if (!event.is(EventType.ORDER)) {
      return;
    }
    OrderPayload order = event.payloadAs(EventType.ORDER);
    if (order.userId() == null || order.event() == null || order.orderId() == null) {
      return;
    }
    boolean fill = "fill".equals(order.event()) || "partial_fill".equals(order.event());
    boolean rejected = "rejected".equals(order.event());
    if (!fill && !rejected) {
      return;
    }
    String kind = fill ? Subscriptions.ORDER_FILLS : Subscriptions.ORDER_REJECTIONS;
    subscriptions
        .subscriber(order.userId(), kind)
        .ifPresent(
            who -> {
              Map<String, String> labels = new LinkedHashMap<>();
              labels.put("alertname", fill ? "OrderFilled" : "OrderRejected");
              labels.put("user_id", who.userId());
              labels.put("symbol", String.valueOf(order.symbol()));
              labels.put("order_id", order.orderId().toString());
              if (who.email() != null) {
                labels.put(ChannelSettings.EMAIL_LABEL, who.email());
              }
              String summary =
                  fill
                      ? String.format(
                          "Order %s: %s %s %s at %s",
                          "fill".equals(order.event()) ? "filled" : "partially filled",
                          order.side(),
                          plain(order.fillQty()),
                          order.symbol(),
                          plain(order.fillPrice()))
                      : String.format(
                          "Order rejected: %s %s %s%s",
                          order.side(),
                          plain(order.qty()),
                          order.symbol(),
                          order.reason() == null ? "" : " (" + order.reason() + ")");
              intake.take(
                  new IncomingAlert(
                      "order:"
                          + order.orderId()
                          + ":"
                          + order.event()
                          + (order.executionId() == null ? "" : ":" + order.executionId()),
                      "trading-service",
                      "info",
                      IncomingAlert.FIRING,
                      summary,
                      "client_order_id " + order.clientOrderId() + ", status " + order.status(),
                      labels,
                      event.occurredAt(),
                      who.userId(),
                      who.email(),
                      true));
            });
  }

  private static String plain(BigDecimal value) {
    return value == null ? "?" : value.stripTrailingZeros().toPlainString();
  }
}
