package io.quantvision.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantvision.common.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every event travels in. On the wire it is snake_case JSON ({@code occurred_at},
 * {@code correlation_id}); the payload stays a JSON tree until a reader asks for it as the record
 * of its {@link EventType}, which is where versions are checked.
 */
public record EventEnvelope(
    UUID id,
    String type,
    int version,
    Instant occurredAt,
    String source,
    String correlationId,
    JsonNode payload) {

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(payload, "payload");
  }

  /** A new event of the given type at its current version, stamped now. */
  public static <P> EventEnvelope create(
      EventType<P> type, String source, String correlationId, P payload) {
    return new EventEnvelope(
        UUID.randomUUID(),
        type.name(),
        type.version(),
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        source,
        correlationId,
        canonicalTree(payload));
  }

  // The tree as a reader will see it (valueToTree keeps a long a LongNode; a parsed 42 is an
  // IntNode).
  private static JsonNode canonicalTree(Object payload) {
    try {
      return Json.mapper().readTree(Json.mapper().writeValueAsBytes(payload));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("payload cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The payload as the record of {@code expected}.
   *
   * @throws InvalidEventException when this is another type of event
   * @throws UnsupportedEventVersionException when this reader does not know the event's version
   */
  public <P> P payloadAs(EventType<P> expected) {
    if (!expected.name().equals(type)) {
      throw new InvalidEventException(
          "event " + id + " is of type '" + type + "', not '" + expected.name() + "'");
    }
    expected.checkSupported(version);
    try {
      return Json.mapper().treeToValue(payload, expected.payloadClass());
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidEventException(
          "event " + id + " has a payload that is not a valid '" + type + "': " + e.getMessage(),
          e);
    }
  }

  public boolean is(EventType<?> candidate) {
    return candidate.name().equals(type);
  }
}
