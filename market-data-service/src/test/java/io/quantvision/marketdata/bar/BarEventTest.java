package io.quantvision.marketdata.bar;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BarEventTest {

  private static final Bar CORRECTED =
      new Bar(
          "AAPL",
          Timeframe.MIN_5,
          Instant.parse("2024-03-05T14:35:00Z"),
          new BigDecimal("170.10"),
          new BigDecimal("171"),
          new BigDecimal("169.5"),
          new BigDecimal("170.25"),
          12_345,
          321L,
          new BigDecimal("170.1234"),
          2,
          "alpaca");

  private static final Bar WITHOUT_OPTIONALS =
      new Bar(
          "SPY",
          Timeframe.DAY_1,
          Instant.parse("2024-03-05T05:00:00Z"),
          BigDecimal.TEN,
          BigDecimal.TEN,
          BigDecimal.TEN,
          BigDecimal.TEN,
          0,
          null,
          null,
          1,
          "import");

  @Test
  void writesTheSamePayloadAsTheSharedEnvelopeFactory() {
    for (Bar bar : new Bar[] {CORRECTED, WITHOUT_OPTIONALS}) {
      EventEnvelope fast =
          BarWriter.event(bar, java.util.UUID.randomUUID(), Instant.now(), "job-1");
      EventEnvelope reference =
          EventEnvelope.create(EventType.BAR, BarWriter.SOURCE, "job-1", bar.toPayload());

      assertThat(fast.payload().toString()).isEqualTo(reference.payload().toString());
      EventEnvelope read = EventCodec.decode(EventCodec.encode(fast));
      assertThat(read.payloadAs(EventType.BAR)).isEqualTo(bar.toPayload());
      assertThat(read.type()).isEqualTo("md.bar");
      assertThat(read.correlationId()).isEqualTo("job-1");
    }
  }
}
