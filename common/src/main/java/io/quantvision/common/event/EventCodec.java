package io.quantvision.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quantvision.common.json.Json;
import java.time.Instant;
import java.util.UUID;

/** Writes and reads envelopes as the JSON that goes into a stream entry. */
public final class EventCodec {

  private EventCodec() {}

  public static String encode(EventEnvelope envelope) {
    try {
      return Json.mapper().writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + envelope.id(), e);
    }
  }

  /**
   * Reads an envelope. Unknown members are ignored (a newer producer may add some); a missing
   * member, or a known type at a version this reader does not support, is refused.
   */
  public static EventEnvelope decode(String json) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("event is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidEventException("event is not a JSON object");
    }
    String type = requiredText(tree, "type");
    int version = requiredVersion(tree);
    EventType.named(type).ifPresent(known -> known.checkSupported(version));
    JsonNode payload = tree.get("payload");
    if (payload == null || payload.isNull()) {
      throw new InvalidEventException("event has no 'payload'");
    }
    try {
      return new EventEnvelope(
          UUID.fromString(requiredText(tree, "id")),
          type,
          version,
          Instant.parse(requiredText(tree, "occurred_at")),
          optionalText(tree, "source"),
          optionalText(tree, "correlation_id"),
          payload);
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new InvalidEventException("event has a malformed member: " + e.getMessage(), e);
    }
  }

  private static String requiredText(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new InvalidEventException("event has no '" + field + "'");
    }
    return node.asText();
  }

  private static int requiredVersion(JsonNode tree) {
    JsonNode node = tree.get("version");
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new InvalidEventException("event has no integer 'version'");
    }
    return node.asInt();
  }

  private static String optionalText(JsonNode tree, String field) {
    JsonNode node = tree.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
