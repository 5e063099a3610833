package io.quantvision.marketdata.quote;

import io.quantvision.marketdata.metrics.MarketDataMetrics;
import io.quantvision.marketdata.provider.Providers;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Asks the provider for the latest quotes of the active symbols on schedule, caches them, and
 * counts the symbols whose quote is stale or missing ({@code qv_marketdata_quotes_stale}).
 */
@ApplicationScoped
public class QuoteRefresher {

  private static final Logger LOG = Logger.getLogger(QuoteRefresher.class);

  private final Providers providers;
  private final SymbolRepository symbols;
  private final QuoteCache cache;
  private final QuoteSettings settings;
  private final MarketDataMetrics metrics;

  QuoteRefresher(
      Providers providers,
      SymbolRepository symbols,
      QuoteCache cache,
      QuoteSettings settings,
      MarketDataMetrics metrics) {
    this.providers = providers;
    this.symbols = symbols;
    this.cache = cache;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Scheduled(
      every = "${market-data.quotes.refresh-every}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onSchedule() {
    try {
      if (settings.refreshEnabled()) {
        refresh();
      }
      countStale();
    } catch (RuntimeException e) {
      LOG.warnf("quote refresh failed: %s", e.getMessage());
    }
  }

  /** Fetches and caches the latest quotes of every active symbol; returns how many came. */
  public int refresh() {
    List<String> tickers = symbols.active().stream().map(Symbol::ticker).toList();
    Map<String, Quote> quotes = providers.current().latestQuotes(tickers);
    quotes.values().forEach(cache::put);
    return quotes.size();
  }

  /** Active symbols without a fresh quote. */
  public long countStale() {
    List<String> tickers = symbols.active().stream().map(Symbol::ticker).toList();
    Map<String, Quote> cached = cache.getAll(tickers);
    long stale =
        tickers.stream()
            .filter(t -> !cached.containsKey(t) || cache.isStale(cached.get(t)))
            .count();
    metrics.staleQuotes(stale);
    return stale;
  }
}
