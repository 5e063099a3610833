package io.quantvision.analysis.signal;

import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.metrics.AnalysisMetrics;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.support.stream.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Raises signals for the newest bar of a series, in the transaction that applied the bar: the row
 * and its {@code analysis.signals.v1} event (through the outbox) commit together or not at all. A
 * bar already signalled gets a new signal only if re-evaluating it (after a revision or a late bar)
 * changes the action; if no rule speaks any more, the correction is a {@code hold}.
 */
@ApplicationScoped
public class SignalService {

  static final String SOURCE = "analysis-service";

  private final SignalRepository repository;
  private final Outbox outbox;
  private final AnalysisMetrics metrics;
  private final SignalSettings settings;
  private final Clock clock;

  SignalService(
      SignalRepository repository,
      Outbox outbox,
      AnalysisMetrics metrics,
      SignalSettings settings) {
    this.repository = repository;
    this.outbox = outbox;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = Clock.systemUTC();
  }

  /**
   * Evaluates the rules on the series' newest bar ({@code engine} stands right after it) and
   * records a signal if that is news.
   */
  public Optional<Signal> evaluateNewest(
      SeriesKey key, Instant newest, IndicatorEngine engine, UUID eventId) {
    if (!fresh(key, newest)) {
      return Optional.empty();
    }
    Optional<SignalRules.Decision> decision =
        SignalRules.evaluate(
            engine.reading(), engine.previousReading(), engine.close(0), engine.close(1));
    Optional<Signal> latest = repository.latestFor(key, newest);
    if (latest.isEmpty()) {
      return decision.map(d -> raise(key, newest, 1, d, eventId));
    }
    Signal previous = latest.get();
    String action = decision.map(SignalRules.Decision::action).orElse("hold");
    if (action.equals(previous.action())) {
      return Optional.empty();
    }
    SignalRules.Decision correction =
        decision.orElse(
            new SignalRules.Decision(
                "hold",
                0,
                List.of(
                    "the earlier "
                        + previous.action()
                        + " signal for this bar no longer holds: the bar was revised or an"
                        + " earlier bar arrived late"),
                Map.of()));
    return Optional.of(raise(key, newest, previous.sequence() + 1, correction, eventId));
  }

  private Signal raise(
      SeriesKey key, Instant barTime, int sequence, SignalRules.Decision decision, UUID eventId) {
    Signal signal =
        new Signal(
            UUID.randomUUID(),
            key.symbol(),
            key.timeframe().wireName(),
            barTime,
            sequence,
            decision.action(),
            decision.confidence(),
            decision.reasons(),
            decision.rules(),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    repository.insert(signal, eventId);
    outbox.add(
        EventEnvelope.create(EventType.SIGNAL, SOURCE, eventId.toString(), signal.payload()));
    metrics.signalGenerated(signal.action());
    return signal;
  }

  private boolean fresh(SeriesKey key, Instant start) {
    Duration period = key.timeframe().duration();
    Instant end = start.plus(period);
    return !end.plus(period.multipliedBy(settings.freshWithinBars())).isBefore(clock.instant());
  }
}
