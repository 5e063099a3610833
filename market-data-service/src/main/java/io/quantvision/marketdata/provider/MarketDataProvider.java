package io.quantvision.marketdata.provider;

import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.quote.Quote;
import io.quantvision.marketdata.symbol.Symbol;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A source of bars and quotes: the simulated feed or Alpaca Market Data v2. */
public interface MarketDataProvider {

  /** The provider's name, as stored on bars and used as the metric tag. */
  String name();

  /** The complete bars (ended by now) of {@code symbols} that start in [from, to). */
  ProviderBars bars(List<Symbol> symbols, Timeframe timeframe, Instant from, Instant to);

  /** The latest quote of each symbol the provider has one for. */
  Map<String, Quote> latestQuotes(List<String> symbols);
}
