package io.quantvision.support.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Appends events to their stream ({@code XADD ... MAXLEN ~}). Use it directly only where losing an
 * event on a crash is acceptable; state changes go through the {@link Outbox}.
 */
@ApplicationScoped
public class StreamPublisher {

  private final StreamCommands<String, String, String> streams;
  private final StreamSettings settings;
  private final MeterRegistry registry;

  StreamPublisher(RedisDataSource redis, StreamSettings settings, MeterRegistry registry) {
    this.streams = redis.stream(String.class, String.class, String.class);
    this.settings = settings;
    this.registry = registry;
  }

  /** Appends to the stream of the event's type; returns the stream entry id. */
  public String publish(EventEnvelope event) {
    return publish(streamOf(event), event);
  }

  public String publish(String stream, EventEnvelope event) {
    String id =
        streams.xadd(
            stream,
            new XAddArgs().maxlen(settings.maxLength()).nearlyExactTrimming(),
            Map.of(Streams.ENVELOPE_FIELD, EventCodec.encode(event)));
    registry.counter("qv.stream.events.published", "stream", stream).increment();
    return id;
  }

  static String streamOf(EventEnvelope event) {
    return EventType.named(event.type())
        .map(EventType::stream)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no stream is known for event type '" + event.type() + "'"));
  }
}
