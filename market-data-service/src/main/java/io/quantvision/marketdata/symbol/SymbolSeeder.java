package io.quantvision.marketdata.symbol;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Seeds the configured symbols at start-up (after Flyway). Only adds: a symbol an operator
 * deactivated stays deactivated, and removing a ticker from the list does not delete its data.
 */
@ApplicationScoped
public class SymbolSeeder {

  private static final Logger LOG = Logger.getLogger(SymbolSeeder.class);
  private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9.]{0,15}");

  private final SymbolRepository symbols;
  private final SymbolSettings settings;

  SymbolSeeder(SymbolRepository symbols, SymbolSettings settings) {
    this.symbols = symbols;
    this.settings = settings;
  }

  void seed(@Observes @jakarta.annotation.Priority(10) StartupEvent event) {
    Set<String> thin = Set.copyOf(normalise(settings.thin().orElse(List.of())));
    for (String ticker : normalise(settings.tickers())) {
      if (!TICKER.matcher(ticker).matches()) {
        throw new IllegalStateException(
            "market-data.symbols.tickers (MARKET_DATA_SYMBOLS) holds '"
                + ticker
                + "', which is not a ticker");
      }
      KnownSymbols.Reference reference = KnownSymbols.of(ticker);
      symbols.ensure(
          new Symbol(
              ticker,
              reference.name(),
              reference.exchange(),
              reference.assetClass(),
              true,
              thin.contains(ticker)));
      if (thin.contains(ticker)) {
        symbols.markThin(ticker, true);
      }
    }
    LOG.infof("symbols seeded: %s", settings.tickers());
  }

  private static List<String> normalise(List<String> tickers) {
    return tickers.stream()
        .map(t -> t.trim().toUpperCase(Locale.ROOT))
        .filter(t -> !t.isEmpty())
        .toList();
  }
}
