package io.quantvision.support.stream;

import io.quantvision.common.event.EventEnvelope;

/**
 * A consumer of one stream. Implement it as a bean and the plumbing does the rest: a consumer group
 * named after the service, delivery, de-duplication on the event id, acknowledgement after commit,
 * retry, take-over of entries a crashed instance left pending, and dead-lettering.
 *
 * <p>{@link #handle} runs inside a transaction that also records the event id; returning normally
 * commits both and acknowledges the entry, throwing rolls both back and leaves the entry pending
 * for another attempt. Entries from several instances of the service interleave: a handler must not
 * assume it sees every entry of a symbol in order.
 */
public interface StreamHandler {

  /** The stream this handler consumes, one of {@link io.quantvision.common.event.Streams}. */
  String stream();

  /** Applies one event. Ignore event types you do not care about (just return). */
  void handle(EventEnvelope event);
}
