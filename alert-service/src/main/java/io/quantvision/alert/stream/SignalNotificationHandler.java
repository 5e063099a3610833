package io.quantvision.alert.stream;

import io.quantvision.alert.delivery.ChannelSettings;
import io.quantvision.alert.intake.AlertIntake;
import io.quantvision.alert.intake.IncomingAlert;
import io.quantvision.alert.subscription.Subscriptions;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.SignalPayload;
import io.quantvision.support.stream.StreamHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Buy and sell signals from {@code analysis.signals.v1}, for users subscribed to {@code
 * signals:<SYMBOL>} ({@code hold} is not news and is not sent).
 */
@ApplicationScoped
public class SignalNotificationHandler implements StreamHandler {

  private final AlertIntake intake;
  private final Subscriptions subscriptions;

  SignalNotificationHandler(AlertIntake intake, Subscriptions subscriptions) {
    this.intake = intake;
    this.subscriptions = subscriptions;
  }

  @Override
  public String stream() {
    return Streams.ANALYSIS_SIGNALS;
  }

  @Override
  public void handle(EventEnvelope event) {
    if (!event.is(EventType.SIGNAL)) {
      return;
    }
    SignalPayload signal = event.payloadAs(EventType.SIGNAL);
    if (signal.symbol() == null || "hold".equals(signal.action()) || signal.action() == null) {
      return;
    }
    String id = signal.signalId() == null ? event.id().toString() : signal.signalId().toString();
    for (Subscriptions.Subscriber who :
        subscriptions.subscribers(Subscriptions.signals(signal.symbol()))) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("alertname", "TradingSignal");
      labels.put("user_id", who.userId());
      labels.put("symbol", signal.symbol());
      labels.put("action", signal.action());
      if (who.email() != null) {
        labels.put(ChannelSettings.EMAIL_LABEL, who.email());
      }
      intake.take(
          new IncomingAlert(
              "signal:" + id + ":" + who.userId(),
              "analysis-service",
              "info",
              IncomingAlert.FIRING,
              String.format(
                  "%s signal for %s (%s, confidence %d)",
                  signal.action().toUpperCase(),
                  signal.symbol(),
                  signal.timeframe(),
                  signal.confidence()),
              signal.reasons() == null ? null : String.join("; ", signal.reasons()),
              labels,
              event.occurredAt(),
              who.userId(),
              who.email(),
              true));
    }
  }
}
