package io.quantvision.analysis.stream;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.SignalPayload;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import java.util.ArrayList;
import java.util.List;

/** Reads back what this service published on {@code analysis.signals.v1} for one symbol. */
public final class SignalStream {

  private SignalStream() {}

  /** The symbol's signal events among the stream's newest 2,000 entries, oldest first. */
  public static List<SignalPayload> entriesFor(RedisDataSource redis, String symbol) {
    List<StreamMessage<String, String, String>> recent =
        redis.stream(String.class, String.class, String.class)
            .xrevrange(Streams.ANALYSIS_SIGNALS, StreamRange.of("+", "-"), 2_000);
    List<SignalPayload> found = new ArrayList<>();
    for (StreamMessage<String, String, String> message : recent) {
      String json = message.payload().get(Streams.ENVELOPE_FIELD);
      if (json == null || !json.contains(symbol)) {
        continue;
      }
      EventEnvelope event = EventCodec.decode(json);
      SignalPayload payload = event.payloadAs(EventType.SIGNAL);
      if (payload.symbol().equals(symbol)) {
        found.add(0, payload);
      }
    }
    return found;
  }
}
