package io.quantvision.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.InvalidEventException;
import io.quantvision.common.event.UnsupportedEventVersionException;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.common.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static final BarPayload AAPL_BAR =
      new BarPayload(
          "AAPL",
          "1Min",
          Instant.parse("2026-11-20T14:31:00Z"),
          new BigDecimal("189.10"),
          new BigDecimal("189.55"),
          new BigDecimal("188.90"),
          new BigDecimal("189.42"),
          120_345L,
          812L,
          new BigDecimal("189.2731"),
          1,
          "simulated");

  @Test
  void roundTripsABarEventWithoutLosingAnything() {
    EventEnvelope sent = EventEnvelope.create(EventType.BAR, "market-data", "req-42", AAPL_BAR);

    EventEnvelope received = EventCodec.decode(EventCodec.encode(sent));

    assertThat(received).isEqualTo(sent);
    assertThat(received.payloadAs(EventType.BAR)).isEqualTo(AAPL_BAR);
  }

  @Test
  void writesSnakeCaseMembersAndDecimalStrings() throws Exception {
    EventEnvelope sent = EventEnvelope.create(EventType.BAR, "market-data", "req-42", AAPL_BAR);

    JsonNode wire = Json.mapper().readTree(EventCodec.encode(sent));

    assertThat(wire.has("occurred_at")).isTrue();
    assertThat(wire.get("correlation_id").asText()).isEqualTo("req-42");
    assertThat(wire.get("payload").get("trade_count").asLong()).isEqualTo(812L);
    assertThat(wire.get("payload").get("close").isTextual()).isTrue();
    assertThat(wire.get("payload").get("close").asText()).isEqualTo("189.42");
    assertThat(wire.get("payload").get("start").asText()).isEqualTo("2026-11-20T14:31:00Z");
  }

  @Test
  void toleratesUnknownMembersInTheEnvelopeAndThePayload() throws Exception {
    ObjectNode wire = wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    wire.put("partition_hint", 7);
    ((ObjectNode) wire.get("payload")).put("exchange_code", "XNAS");

    EventEnvelope received = EventCodec.decode(wire.toString());

    assertThat(received.payloadAs(EventType.BAR)).isEqualTo(AAPL_BAR);
  }

  @Test
  void acceptsDecimalsWrittenAsJsonNumbers() throws Exception {
    ObjectNode wire = wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    ((ObjectNode) wire.get("payload")).put("close", new BigDecimal("189.42"));

    BarPayload bar = EventCodec.decode(wire.toString()).payloadAs(EventType.BAR);

    assertThat(bar.close()).isEqualByComparingTo("189.42");
  }

  @Test
  void refusesAVersionNewerThanTheReaderKnowsWithAClearMessage() throws Exception {
    ObjectNode wire = wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    wire.put("version", 2);

    assertThatThrownBy(() -> EventCodec.decode(wire.toString()))
        .isInstanceOf(UnsupportedEventVersionException.class)
        .hasMessageContaining("'md.bar' version 2 is not supported")
        .hasMessageContaining("versions 1 to 1");
  }

  @Test
  void refusesVersionZero() throws Exception {
    ObjectNode wire = wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    wire.put("version", 0);

    assertThatThrownBy(() -> EventCodec.decode(wire.toString()))
        .isInstanceOf(UnsupportedEventVersionException.class);
  }

  @Test
  void readsAnUnknownEventTypeButWillNotCastItsPayload() throws Exception {
    ObjectNode wire = wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    wire.put("type", "md.trade");
    wire.put("version", 9);

    EventEnvelope received = EventCodec.decode(wire.toString());

    assertThat(received.is(EventType.BAR)).isFalse();
    assertThatThrownBy(() -> received.payloadAs(EventType.BAR))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'md.trade', not 'md.bar'");
  }

  @Test
  void refusesAnEventWithoutAnIdOrPayload() throws Exception {
    ObjectNode withoutId =
        wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    withoutId.remove("id");
    ObjectNode withoutPayload =
        wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    withoutPayload.remove("payload");

    assertThatThrownBy(() -> EventCodec.decode(withoutId.toString()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'id'");
    assertThatThrownBy(() -> EventCodec.decode(withoutPayload.toString()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'payload'");
  }

  @Test
  void refusesTextThatIsNotJson() {
    assertThatThrownBy(() -> EventCodec.decode("{not json"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void refusesAPayloadOfTheWrongShape() throws Exception {
    ObjectNode wire = wireOf(EventEnvelope.create(EventType.BAR, "market-data", null, AAPL_BAR));
    ((ObjectNode) wire.get("payload")).put("close", "not-a-price");

    EventEnvelope received = EventCodec.decode(wire.toString());

    assertThatThrownBy(() -> received.payloadAs(EventType.BAR))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not a valid 'md.bar'");
  }

  private static ObjectNode wireOf(EventEnvelope envelope) throws Exception {
    return (ObjectNode) Json.mapper().readTree(EventCodec.encode(envelope));
  }
}
