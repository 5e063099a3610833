package io.quantvision.alert.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.alert.AlertConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * PagerDuty Events API v2: POST {@code {routing_key, event_action, dedup_key, payload}}, 202 on
 * success, 429 when throttled. No {@code @Retry}/{@code @CircuitBreaker} here: the outbox worker
 * retries durably with backoff and {@code Retry-After} and pauses the channel, which an in-memory
 * retry would only duplicate; the timeout is the HTTP client's.
 */
@ApplicationScoped
public class PagerDutyClient {

  private final AlertConfig config;
  private final ObjectMapper json;
  private final HttpSender http;

  PagerDutyClient(AlertConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
    this.http = new HttpSender(config.delivery().timeout());
  }

  public SendResult send(String payload) {
    ObjectNode event;
    try {
      event = (ObjectNode) json.readTree(payload);
    } catch (JsonProcessingException | ClassCastException e) {
      return SendResult.failed("unreadable stored payload");
    }
    ObjectNode body = json.createObjectNode();
    body.put("routing_key", config.pagerduty().routingKey().orElse(""));
    body.setAll(event);
    return http.post(config.pagerduty().eventsUrl(), body.toString());
  }
}
