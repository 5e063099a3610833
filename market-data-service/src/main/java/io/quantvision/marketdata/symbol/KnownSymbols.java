package io.quantvision.marketdata.symbol;

import java.util.Map;

/** Names and listing exchanges of well-known tickers, so seeded symbols read well in the API. */
final class KnownSymbols {

  record Reference(String name, String exchange, String assetClass) {}

  static final Map<String, Reference> REFERENCE =
      Map.ofEntries(
          Map.entry("AAPL", new Reference("Apple Inc.", "NASDAQ", "us_equity")),
          Map.entry("MSFT", new Reference("Microsoft Corporation", "NASDAQ", "us_equity")),
          Map.entry("GOOGL", new Reference("Alphabet Inc. Class A", "NASDAQ", "us_equity")),
          Map.entry("AMZN", new Reference("Amazon.com, Inc.", "NASDAQ", "us_equity")),
          Map.entry("NVDA", new Reference("NVIDIA Corporation", "NASDAQ", "us_equity")),
          Map.entry("META", new Reference("Meta Platforms, Inc.", "NASDAQ", "us_equity")),
          Map.entry("TSLA", new Reference("Tesla, Inc.", "NASDAQ", "us_equity")),
          Map.entry("JPM", new Reference("JPMorgan Chase & Co.", "NYSE", "us_equity")),
          Map.entry("SPY", new Reference("SPDR S&P 500 ETF Trust", "ARCA", "us_equity")),
          Map.entry("QQQ", new Reference("Invesco QQQ Trust", "NASDAQ", "us_equity")));

  private KnownSymbols() {}

  static Reference of(String ticker) {
    return REFERENCE.getOrDefault(ticker, new Reference(ticker, null, "us_equity"));
  }
}
