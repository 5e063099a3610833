package io.quantvision.common.event;

import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.common.event.payload.OrderPayload;
import io.quantvision.common.event.payload.SignalPayload;
import java.util.List;
import java.util.Optional;

/**
 * A kind of event: its name, the newest payload version this code reads and writes, the payload
 * record and the stream it travels on. A reader accepts versions 1..{@code version}; anything newer
 * was written by a producer this reader predates, and is refused rather than half-understood.
 */
public record EventType<P>(String name, int version, Class<P> payloadClass, String stream) {

  public static final EventType<BarPayload> BAR =
      new EventType<>("md.bar", 1, BarPayload.class, Streams.MD_BARS);

  public static final EventType<SignalPayload> SIGNAL =
      new EventType<>("analysis.signal", 1, SignalPayload.class, Streams.ANALYSIS_SIGNALS);

  public static final EventType<OrderPayload> ORDER =
      new EventType<>("trading.order", 1, OrderPayload.class, Streams.TRADING_ORDERS);

  public static final EventType<AlertPayload> ALERT =
      new EventType<>("alert.raised", 1, AlertPayload.class, Streams.ALERTS_EVENTS);

  public static final List<EventType<?>> ALL = List.of(BAR, SIGNAL, ORDER, ALERT);

  public static Optional<EventType<?>> named(String name) {
    return ALL.stream().filter(t -> t.name.equals(name)).findFirst();
  }

  public boolean supports(int candidate) {
    return candidate >= 1 && candidate <= version;
  }

  void checkSupported(int candidate) {
    if (!supports(candidate)) {
      throw new UnsupportedEventVersionException(name, candidate, version);
    }
  }
}
