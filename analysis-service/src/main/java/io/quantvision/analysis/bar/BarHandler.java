package io.quantvision.analysis.bar;

import io.quantvision.analysis.series.SeriesService;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.support.stream.StreamHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes {@code md.bars.v1}: each bar is applied to its series inside the transaction the stream
 * plumbing opens (which also records the event id, so a redelivery has no second effect).
 */
@ApplicationScoped
public class BarHandler implements StreamHandler {

  private final SeriesService series;

  BarHandler(SeriesService series) {
    this.series = series;
  }

  @Override
  public String stream() {
    return Streams.MD_BARS;
  }

  @Override
  public void handle(EventEnvelope event) {
    if (!event.is(EventType.BAR)) {
      return;
    }
    series.apply(Bar.from(event.payloadAs(EventType.BAR), event.id()));
  }
}
