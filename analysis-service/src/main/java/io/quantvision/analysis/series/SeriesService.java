package io.quantvision.analysis.series;

import io.quantvision.analysis.bar.Bar;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.metrics.AnalysisMetrics;
import io.quantvision.analysis.signal.SignalService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies bars to their series and keeps every indicator correct whatever order the bars come in. A
 * bar that extends the series is one incremental engine step; a late bar or a revision rewinds the
 * engine to the bar before it (from that bar's stored state) and recomputes forward to the newest
 * bar. Instances take turns per series on its row lock, so the outcome does not depend on which
 * instance got which bar. After any change the newest bar's signal is evaluated again.
 */
@ApplicationScoped
public class SeriesService {

  private static final Logger LOG = Logger.getLogger(SeriesService.class);

  private final SeriesRepository repository;
  private final EngineCache engines;
  private final SignalService signals;
  private final SeriesSettings settings;
  private final AnalysisMetrics metrics;

  SeriesService(
      SeriesRepository repository,
      EngineCache engines,
      SignalService signals,
      SeriesSettings settings,
      AnalysisMetrics metrics) {
    this.repository = repository;
    this.engines = engines;
    this.signals = signals;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** How a bar changed its series ({@code qv_analysis_bars_total{outcome}}). */
  public enum Outcome {
    /** The bar extended the series: one incremental step. */
    APPENDED,
    /** A late bar or a revision: the series was recomputed from it to the newest bar. */
    RECOMPUTED,
    /** The same or an older revision of a stored bar: nothing changed. */
    IGNORED;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public Outcome apply(Bar bar) {
    SeriesKey key = new SeriesKey(bar.symbol(), bar.timeframe());
    SeriesRepository.SeriesRow row = repository.lock(key);
    IndicatorEngine engine;
    Instant newest;
    Outcome outcome;
    if (row.lastStart() == null || bar.start().isAfter(row.lastStart())) {
      engine = engines.take(key, row.version());
      if (engine == null) {
        engine = rewindTo(key, bar.start());
      }
      step(engine, bar);
      repository.save(key, bar, engine.state());
      newest = bar.start();
      outcome = Outcome.APPENDED;
    } else {
      Optional<Integer> stored = repository.revisionAt(key, bar.start());
      if (stored.isPresent() && stored.get() >= bar.revision()) {
        count(Outcome.IGNORED);
        return Outcome.IGNORED;
      }
      engines.take(key, row.version());
      engine = rewindTo(key, bar.start());
      step(engine, bar);
      repository.save(key, bar, engine.state());
      recomputeAfter(key, bar.start(), engine);
      newest = row.lastStart();
      outcome = Outcome.RECOMPUTED;
      LOG.debugf(
          "%s %s: %s bar at %s (revision %d) recomputed the series",
          key.symbol(),
          key.timeframe().wireName(),
          stored.isPresent() ? "revised" : "late",
          bar.start(),
          bar.revision());
    }
    UUID version = UUID.randomUUID();
    repository.updateSeries(key, newest, engine.count(), version);
    engines.put(key, version, engine);
    signals.evaluateNewest(key, newest, engine, bar.eventId());
    count(outcome);
    return outcome;
  }

  /** The engine as it was after the last bar before {@code start} (a fresh one if none). */
  private IndicatorEngine rewindTo(SeriesKey key, Instant start) {
    List<StoredBar> window = repository.lastBars(key, start, IndicatorEngine.WINDOW);
    if (window.isEmpty()) {
      return new IndicatorEngine();
    }
    StoredBar last = window.get(window.size() - 1);
    if (!IndicatorEngine.readable(last.state())) {
      // stored by another engine format: rebuild the series from its first bar
      LOG.infof("recomputing %s from its first bar (stored state format changed)", key);
      IndicatorEngine engine = new IndicatorEngine();
      recompute(key, null, start, engine);
      return engine;
    }
    double[][] inputs = new double[window.size()][];
    for (int i = 0; i < window.size(); i++) {
      inputs[i] = window.get(i).engineInput();
    }
    return IndicatorEngine.restore(last.state(), inputs);
  }

  /** Steps the engine through every stored bar after {@code after}, rewriting their states. */
  private void recomputeAfter(SeriesKey key, Instant after, IndicatorEngine engine) {
    recompute(key, after, null, engine);
  }

  /** Steps through stored bars in (after, before); null bounds are open. */
  private void recompute(SeriesKey key, Instant after, Instant before, IndicatorEngine engine) {
    Instant cursor = after == null ? Instant.EPOCH.minusSeconds(1) : after;
    while (true) {
      List<StoredBar> batch = repository.barsAfter(key, cursor, settings.recomputeBatchSize());
      List<Instant> starts = new ArrayList<>(batch.size());
      List<byte[]> states = new ArrayList<>(batch.size());
      for (StoredBar stored : batch) {
        if (before != null && !stored.start().isBefore(before)) {
          break;
        }
        double[] input = stored.engineInput();
        engine.update(input[0], input[1], input[2], input[3]);
        starts.add(stored.start());
        states.add(engine.state());
      }
      if (!starts.isEmpty()) {
        repository.updateStates(key, starts, states);
        cursor = starts.get(starts.size() - 1);
      }
      if (starts.size() < settings.recomputeBatchSize()) {
        return;
      }
    }
  }

  private static void step(IndicatorEngine engine, Bar bar) {
    engine.update(
        bar.high().doubleValue(), bar.low().doubleValue(), bar.close().doubleValue(), bar.volume());
  }

  private void count(Outcome outcome) {
    metrics.barApplied(outcome);
  }
}
