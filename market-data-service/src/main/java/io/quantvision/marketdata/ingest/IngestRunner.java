package io.quantvision.marketdata.ingest;

import io.quantvision.marketdata.bar.BarWriter;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.bar.WriteResult;
import io.quantvision.marketdata.provider.MarketDataProvider;
import io.quantvision.marketdata.provider.ProviderBars;
import io.quantvision.marketdata.provider.Providers;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Runs backfill jobs: claims queued jobs from the database (any instance may, one job per claim),
 * then walks the range chunk by chunk, each chunk fetched, checked and stored in its own
 * transaction. A failed provider fails the job with the reason; what was stored stays stored.
 */
@ApplicationScoped
public class IngestRunner {

  private static final Logger LOG = Logger.getLogger(IngestRunner.class);

  /** Symbols per provider request (Alpaca accepts many; keeps each answer a sensible size). */
  static final int SYMBOLS_PER_REQUEST = 50;

  private final IngestJobRepository jobs;
  private final SymbolRepository symbols;
  private final Providers providers;
  private final BarWriter writer;
  private final IngestSettings settings;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("qv-ingest").daemon().factory());

  IngestRunner(
      IngestJobRepository jobs,
      SymbolRepository symbols,
      Providers providers,
      BarWriter writer,
      IngestSettings settings) {
    this.jobs = jobs;
    this.symbols = symbols;
    this.providers = providers;
    this.writer = writer;
    this.settings = settings;
  }

  /** Starts on queued work now rather than at the next poll. */
  public void wakeUp() {
    try {
      worker.execute(this::drain);
    } catch (RejectedExecutionException shuttingDown) {
      LOG.debug("ingest worker is shutting down; the job waits for another instance");
    }
  }

  @Scheduled(
      every = "${market-data.ingest.poll-every}",
      delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    wakeUp();
  }

  void stop(@Observes ShutdownEvent event) {
    worker.shutdownNow();
  }

  private void drain() {
    try {
      Optional<IngestJob> next;
      while ((next = jobs.claimNext(settings.staleAfter())).isPresent()) {
        run(next.get());
      }
    } catch (RuntimeException e) {
      LOG.warnf("cannot claim ingest jobs: %s", e.getMessage());
    }
  }

  void run(IngestJob job) {
    LOG.infof(
        "ingest job %s: %s %s %s..%s from %s",
        job.id(), job.symbols(), job.timeframe(), job.from(), job.to(), job.provider());
    try {
      MarketDataProvider provider = providers.named(job.provider());
      Timeframe timeframe = Timeframe.parse(job.timeframe());
      List<Symbol> known = new ArrayList<>();
      for (String ticker : job.symbols()) {
        symbols.find(ticker).ifPresent(known::add);
      }
      for (int i = 0; i < known.size(); i += SYMBOLS_PER_REQUEST) {
        List<Symbol> group = known.subList(i, Math.min(known.size(), i + SYMBOLS_PER_REQUEST));
        for (Instant from = job.from(); from.isBefore(job.to()); ) {
          Instant to = from.plus(timeframe.backfillChunk());
          if (to.isAfter(job.to())) {
            to = job.to();
          }
          ProviderBars answer = provider.bars(group, timeframe, from, to);
          BarWriter.Checked checked = writer.check(provider.name(), answer.rows());
          WriteResult result =
              writer.store(provider.name(), checked, answer.quiet(), job.id().toString());
          jobs.progress(job.id(), result);
          from = to;
        }
      }
      jobs.finish(job.id());
      LOG.infof("ingest job %s succeeded", job.id());
    } catch (RuntimeException e) {
      LOG.warnf("ingest job %s failed: %s", job.id(), e.getMessage());
      jobs.fail(job.id(), e.getMessage());
    }
  }
}
