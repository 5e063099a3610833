package io.quantvision.alert.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantvision.alert.AlertConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Email over SMTP (quarkus-mailer). A refused or unreachable SMTP server is retried by the outbox
 * worker like any other channel.
 */
@ApplicationScoped
public class EmailClient {

  private final Mailer mailer;
  private final AlertConfig config;
  private final ObjectMapper json;

  EmailClient(Mailer mailer, AlertConfig config, ObjectMapper json) {
    this.mailer = mailer;
    this.config = config;
    this.json = json;
  }

  public SendResult send(String recipient, String payload) {
    JsonNode mail;
    try {
      mail = json.readTree(payload);
    } catch (JsonProcessingException e) {
      return SendResult.failed("unreadable stored payload");
    }
    try {
      mailer.send(
          Mail.withText(recipient, mail.path("subject").asText(), mail.path("text").asText())
              .setFrom(config.email().from().orElseThrow()));
      return SendResult.delivered();
    } catch (RuntimeException e) {
      return SendResult.retry("smtp: " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }
}
