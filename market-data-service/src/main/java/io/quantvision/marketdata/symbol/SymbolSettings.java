package io.quantvision.marketdata.symbol;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The symbols seeded at start-up. */
@ConfigMapping(prefix = "market-data.symbols")
public interface SymbolSettings {

  /** Tickers to keep data for ({@code MARKET_DATA_SYMBOLS}, comma-separated). */
  List<String> tickers();

  /**
   * Thinly traded tickers: a minute the provider reports without trades is not a gap ({@code
   * MARKET_DATA_THIN_SYMBOLS}).
   */
  Optional<List<String>> thin();
}
