package io.quantvision.alert.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.alert.alert.AlertView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The message each channel gets, built when the delivery is written (a snapshot of the alert at
 * that moment). PagerDuty's routing key is added when sending, so it never sits in the database.
 */
@ApplicationScoped
public class Messages {

  private final ObjectMapper json;

  Messages(ObjectMapper json) {
    this.json = json;
  }

  public ObjectNode build(Channel channel, Action action, AlertView alert, String dedupKey) {
    return switch (channel) {
      case PAGERDUTY -> pagerDuty(action, alert, dedupKey);
      case SLACK -> slack(action, alert);
      case EMAIL -> email(action, alert);
    };
  }

  /** PagerDuty Events API v2 (without {@code routing_key}). */
  ObjectNode pagerDuty(Action action, AlertView alert, String dedupKey) {
    ObjectNode event = json.createObjectNode();
    event.put("event_action", action.wire());
    event.put("dedup_key", dedupKey);
    if (action == Action.TRIGGER) {
      ObjectNode payload = event.putObject("payload");
      payload.put("summary", clip(alert.summary(), 1024));
      payload.put("source", source(alert));
      payload.put("severity", alert.severity());
      payload.put("timestamp", alert.firstSeen().toString());
      ObjectNode details = payload.putObject("custom_details");
      details.put("alert_id", alert.id().toString());
      details.put("origin", alert.source());
      if (alert.details() != null) {
        details.put("details", alert.details());
      }
      details.set("labels", json.valueToTree(new TreeMap<>(alert.labels())));
      details.put("occurrences", alert.occurrences());
    }
    return event;
  }

  /** Slack incoming webhook: a fallback {@code text} and Block Kit {@code blocks}. */
  ObjectNode slack(Action action, AlertView alert) {
    String state =
        switch (action) {
          case TRIGGER -> "FIRING";
          case ACKNOWLEDGE -> "ACKNOWLEDGED";
          case RESOLVE -> "RESOLVED";
        };
    String title = "[" + state + "] " + alert.severity().toUpperCase() + ": " + alert.summary();
    ObjectNode message = json.createObjectNode();
    message.put("text", clip(title, 3000));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject();
    header.put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", clip(title, 150));
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    StringBuilder body = new StringBuilder();
    if (alert.details() != null && !alert.details().isBlank()) {
      body.append(alert.details()).append("\n");
    }
    for (Map.Entry<String, String> label : new TreeMap<>(alert.labels()).entrySet()) {
      body.append("• *").append(label.getKey()).append("*: ").append(label.getValue()).append("\n");
    }
    if (body.isEmpty()) {
      body.append(alert.summary());
    }
    section.putObject("text").put("type", "mrkdwn").put("text", clip(body.toString(), 3000));
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text",
            "source `"
                + alert.source()
                + "` · first seen "
                + alert.firstSeen()
                + " · occurrences "
                + alert.occurrences()
                + " · id `"
                + alert.id()
                + "`");
    return message;
  }

  /**
   * One message for a group of trigger notifications (the grouping window), built from the members'
   * stored payloads: Slack gets a header naming the group and one section per alert; email one mail
   * whose text lists every alert.
   */
  public ObjectNode group(Channel channel, String groupKey, List<String> payloads) {
    List<JsonNode> members = new ArrayList<>();
    for (String payload : payloads) {
      try {
        members.add(json.readTree(payload));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("unreadable stored payload", e);
      }
    }
    String title = "[FIRING:" + members.size() + "] " + groupKey;
    ObjectNode message = json.createObjectNode();
    if (channel == Channel.EMAIL) {
      message.put("subject", clip("[QuantVision] " + title, 200));
      StringBuilder text =
          new StringBuilder(members.size())
              .append(" alerts firing (")
              .append(groupKey)
              .append(")\n");
      for (JsonNode member : members) {
        text.append("\n----\n").append(member.path("subject").asText()).append("\n\n");
        text.append(member.path("text").asText());
      }
      message.put("text", text.toString());
      return message;
    }
    StringBuilder fallback = new StringBuilder(title);
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject();
    header.put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", clip(title, 150));
    for (JsonNode member : members) {
      fallback.append("\n").append(member.path("text").asText());
      String body = member.path("blocks").path(1).path("text").path("text").asText("");
      String context =
          member.path("blocks").path(2).path("elements").path(0).path("text").asText("");
      ObjectNode section = blocks.addObject();
      section.put("type", "section");
      section
          .putObject("text")
          .put("type", "mrkdwn")
          .put(
              "text",
              clip("*" + member.path("text").asText() + "*\n" + body + "\n" + context, 3000));
    }
    message.put("text", clip(fallback.toString(), 3000));
    return message;
  }

  /** An email: subject and plain text. */
  ObjectNode email(Action action, AlertView alert) {
    String state = action == Action.TRIGGER ? "" : "[" + action.wire().toUpperCase() + "] ";
    ObjectNode mail = json.createObjectNode();
    mail.put(
        "subject", clip("[QuantVision " + alert.severity() + "] " + state + alert.summary(), 200));
    StringBuilder text = new StringBuilder(alert.summary()).append("\n\n");
    if (alert.details() != null && !alert.details().isBlank()) {
      text.append(alert.details()).append("\n\n");
    }
    new TreeMap<>(alert.labels())
        .forEach((k, v) -> text.append(k).append(": ").append(v).append("\n"));
    text.append("\nsource: ").append(alert.source());
    text.append("\nfirst seen: ").append(alert.firstSeen());
    text.append("\nalert id: ").append(alert.id()).append("\n");
    mail.put("text", text.toString());
    return mail;
  }

  private static String source(AlertView alert) {
    for (String key : new String[] {"instance", "service", "job"}) {
      String value = alert.labels().get(key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return alert.source();
  }

  private static String clip(String text, int max) {
    return text.length() > max ? text.substring(0, max - 1) + "…" : text;
  }
}
