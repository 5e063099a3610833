package io.quantvision.analysis.report;

import io.quantvision.analysis.bar.Timeframe;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.indicator.Reading;
import io.quantvision.analysis.metrics.AnalysisMetrics;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.analysis.series.SeriesLookup;
import io.quantvision.analysis.series.SeriesRepository;
import io.quantvision.analysis.series.StoredBar;
import io.quantvision.analysis.signal.Signal;
import io.quantvision.analysis.signal.SignalRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes reports: from the cache when the series has not moved since the last one; otherwise from
 * the model when it is configured, within budget and answering well; otherwise from the indicators
 * and signals alone. A report is always returned, never an error because of the model.
 */
@ApplicationScoped
public class ReportService {

  private final SeriesLookup lookup;
  private final SeriesRepository bars;
  private final SignalRepository signals;
  private final ReportRepository reports;
  private final ReportCache cache;
  private final LlmClient llm;
  private final LlmSettings llmSettings;
  private final ReportSettings settings;
  private final AnalysisMetrics metrics;
  private final ConcurrentHashMap<String, CompletableFuture<Report>> inFlight =
      new ConcurrentHashMap<>();

  ReportService(
      SeriesLookup lookup,
      SeriesRepository bars,
      SignalRepository signals,
      ReportRepository reports,
      ReportCache cache,
      LlmClient llm,
      LlmSettings llmSettings,
      ReportSettings settings,
      AnalysisMetrics metrics) {
    this.lookup = lookup;
    this.bars = bars;
    this.signals = signals;
    this.reports = reports;
    this.cache = cache;
    this.llm = llm;
    this.llmSettings = llmSettings;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A report and whether it came from the cache. */
  public record Served(Report report, boolean cached) {}

  public Served report(String symbol, Timeframe timeframe) {
    SeriesKey key = lookup.require(symbol, timeframe);
    List<StoredBar> history = bars.lastBars(key, null, settings.promptBars());
    StoredBar last = history.get(history.size() - 1);
    String cacheKey = cache.key(key, last.start(), last.revision());
    Optional<Report> cached = cache.get(cacheKey);
    if (cached.isPresent()) {
      metrics.reportServed("cache");
      return new Served(cached.get(), true);
    }
    // Requests that miss the cache together (a dashboard opened by many at a new bar) share one
    // writer in this instance: one model call and one report, not one each.
    CompletableFuture<Report> mine = new CompletableFuture<>();
    CompletableFuture<Report> writing = inFlight.putIfAbsent(cacheKey, mine);
    if (writing != null) {
      Report shared = awaitWriter(writing);
      metrics.reportServed("shared");
      return new Served(shared, true);
    }
    try {
      Served written = write(symbol, key, timeframe, history, last, cacheKey);
      mine.complete(written.report());
      return written;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(cacheKey, mine);
    }
  }

  private static Report awaitWriter(CompletableFuture<Report> writing) {
    try {
      return writing.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private Served write(
      String symbol,
      SeriesKey key,
      Timeframe timeframe,
      List<StoredBar> history,
      StoredBar last,
      String cacheKey) {
    Reading reading = IndicatorEngine.read(last.state());
    List<Signal> recent =
        signals.find(symbol, timeframe.wireName(), null, null, null, settings.promptSignals());
    Prompt prompt = PromptBuilder.build(key, history, reading, recent, llmSettings.model());

    LlmAnswer answer = null;
    if (llm.enabled()) {
      long started = System.nanoTime();
      answer = llm.complete(prompt);
      metrics.llmCall(answer.outcome(), Duration.ofNanos(System.nanoTime() - started));
    }
    ReportDraft draft;
    String source;
    String reason;
    String model;
    if (answer != null && answer.succeeded()) {
      draft = answer.draft();
      source = Report.LLM;
      reason = null;
      model = answer.model();
    } else {
      draft = RuleBasedNarrative.write(key, history, reading, recent.stream().findFirst());
      source = Report.FALLBACK;
      reason = answer == null ? Report.LLM_DISABLED : answer.outcome();
      model = RuleBasedNarrative.MODEL;
    }
    Report report =
        new Report(
            UUID.randomUUID(),
            key.symbol(),
            timeframe.wireName(),
            last.start(),
            draft.summary(),
            draft.outlook(),
            draft.confidence(),
            draft.keyLevels(),
            draft.risks(),
            source,
            reason,
            model,
            prompt.hash(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    reports.insert(report);
    boolean provisional = Report.FALLBACK.equals(source) && llm.enabled();
    cache.put(cacheKey, report, provisional ? settings.fallbackCacheTtl() : settings.cacheTtl());
    metrics.reportServed(source);
    return new Served(report, false);
  }

  public Optional<Report> find(UUID id) {
    return reports.find(id);
  }
}
