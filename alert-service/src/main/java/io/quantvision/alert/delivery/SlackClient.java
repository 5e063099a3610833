package io.quantvision.alert.delivery;

import io.quantvision.alert.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Slack incoming webhook: POST {@code {text, blocks}}, 200 {@code ok}, 429 with {@code Retry-After}
 * when over about one message per second. Retries belong to the outbox worker (see {@link
 * PagerDutyClient}).
 */
@ApplicationScoped
public class SlackClient {

  private final AlertConfig config;
  private final HttpSender http;

  SlackClient(AlertConfig config) {
    this.config = config;
    this.http = new HttpSender(config.delivery().timeout());
  }

  public SendResult send(String payload) {
    return http.post(config.slack().webhookUrl().orElse(""), payload);
  }
}
