package io.quantvision.alert.delivery;

import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.alert.AlertView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Whether a channel can be used, and who gets an alert by email. */
@ApplicationScoped
public class ChannelSettings {

  /** Label naming the email address of a user notification (set from the subscription). */
  public static final String EMAIL_LABEL = "email_to";

  private final AlertConfig config;

  ChannelSettings(AlertConfig config) {
    this.config = config;
  }

  public boolean configured(Channel channel) {
    return switch (channel) {
      case PAGERDUTY ->
          present(config.pagerduty().routingKey()) && !blank(config.pagerduty().eventsUrl());
      case SLACK -> present(config.slack().webhookUrl());
      case EMAIL -> present(config.email().from());
    };
  }

  boolean configured(Channel channel, String recipient) {
    return configured(channel) && (channel != Channel.EMAIL || !blank(recipient));
  }

  String emailRecipient(AlertView alert) {
    String own = alert.labels().get(EMAIL_LABEL);
    if (!blank(own)) {
      return own;
    }
    return config.email().to().filter(s -> !s.isBlank()).orElse(null);
  }

  private static boolean present(Optional<String> value) {
    return value.filter(s -> !s.isBlank()).isPresent();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
