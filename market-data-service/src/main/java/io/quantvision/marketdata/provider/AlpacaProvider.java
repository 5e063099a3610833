package io.quantvision.marketdata.provider;

import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.Candidate;
import io.quantvision.marketdata.bar.RowOutcome;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.market.MarketCalendar;
import io.quantvision.marketdata.provider.AlpacaDataApi.AlpacaBar;
import io.quantvision.marketdata.provider.AlpacaDataApi.AlpacaQuote;
import io.quantvision.marketdata.provider.AlpacaDataApi.AlpacaTrade;
import io.quantvision.marketdata.provider.AlpacaDataApi.BarsPage;
import io.quantvision.marketdata.quote.Quote;
import io.quantvision.marketdata.symbol.Symbol;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Alpaca Market Data v2: historical bars page by page ({@code next_page_token}) and the latest
 * quote and trade per symbol. Alpaca sends no bar for an interval without trades; for a symbol
 * marked thin that absence is the provider saying "no trades", recorded as quiet, not a gap.
 */
@ApplicationScoped
public class AlpacaProvider implements MarketDataProvider {

  public static final String NAME = "alpaca";

  /** A provider that keeps handing out tokens is broken; stop rather than loop for ever. */
  static final int MAX_PAGES = 10_000;

  private final AlpacaDataClient client;
  private final Clock clock;

  AlpacaProvider(AlpacaDataClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ProviderBars bars(List<Symbol> symbols, Timeframe timeframe, Instant from, Instant to) {
    Instant now = clock.instant();
    String joined = symbols.stream().map(Symbol::ticker).collect(Collectors.joining(","));
    List<RowOutcome> rows = new ArrayList<>();
    Map<String, Set<Instant>> seen = new LinkedHashMap<>();
    String token = null;
    Set<String> tokens = new HashSet<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      BarsPage answer = client.barsPage(joined, timeframe.label(), from, to, token);
      if (answer.bars() != null) {
        answer
            .bars()
            .forEach(
                (symbol, bars) -> {
                  for (AlpacaBar bar : bars == null ? List.<AlpacaBar>of() : bars) {
                    if (bar.t() == null
                        || !bar.t().isBefore(to)
                        || !complete(timeframe, bar.t(), now)) {
                      continue;
                    }
                    rows.add(Candidate.atIndex(rows.size(), toBar(symbol, timeframe, bar)));
                    seen.computeIfAbsent(symbol, s -> new HashSet<>()).add(bar.t());
                  }
                });
      }
      token = answer.nextPageToken();
      if (token == null || token.isBlank() || !tokens.add(token)) {
        break;
      }
    }
    List<Bar.Key> quiet = new ArrayList<>();
    for (Symbol symbol : symbols) {
      if (!symbol.thin()) {
        continue;
      }
      Set<Instant> present = seen.getOrDefault(symbol.ticker(), Set.of());
      for (Instant start : MarketCalendar.expectedStarts(timeframe, from, to)) {
        if (!present.contains(start) && complete(timeframe, start, now)) {
          quiet.add(new Bar.Key(symbol.ticker(), timeframe, start));
        }
      }
    }
    return new ProviderBars(rows, quiet);
  }

  @Override
  public Map<String, Quote> latestQuotes(List<String> symbols) {
    Map<String, Quote> result = new LinkedHashMap<>();
    if (symbols.isEmpty()) {
      return result;
    }
    AlpacaDataClient.Latest latest = client.latest(String.join(",", symbols));
    for (String symbol : symbols) {
      AlpacaQuote quote =
          latest.quotes() == null || latest.quotes().quotes() == null
              ? null
              : latest.quotes().quotes().get(symbol);
      AlpacaTrade trade =
          latest.trades() == null || latest.trades().trades() == null
              ? null
              : latest.trades().trades().get(symbol);
      if (quote == null && trade == null) {
        continue;
      }
      BigDecimal bid = quote == null ? null : positive(quote.bp());
      BigDecimal ask = quote == null ? null : positive(quote.ap());
      BigDecimal last = trade != null ? positive(trade.p()) : null;
      Instant timestamp =
          latestOf(quote == null ? null : quote.t(), trade == null ? null : trade.t());
      result.put(symbol, new Quote(symbol, bid, ask, last, timestamp, NAME));
    }
    return result;
  }

  private static Bar toBar(String symbol, Timeframe timeframe, AlpacaBar bar) {
    return new Bar(
        symbol,
        timeframe,
        bar.t(),
        bar.o(),
        bar.h(),
        bar.l(),
        bar.c(),
        bar.v() == null ? 0 : bar.v().longValue(),
        bar.n(),
        bar.vw(),
        0,
        NAME);
  }

  /** Whether the bar starting at {@code start} has ended by {@code now} (daily: session close). */
  static boolean complete(Timeframe timeframe, Instant start, Instant now) {
    Instant end = timeframe.end(start);
    if (timeframe == Timeframe.DAY_1) {
      end =
          MarketCalendar.session(start.atZone(MarketCalendar.ZONE).toLocalDate())
              .map(MarketCalendar.Session::close)
              .orElse(end);
    }
    return !end.isAfter(now);
  }

  private static BigDecimal positive(BigDecimal price) {
    return price == null || price.signum() <= 0 ? null : price;
  }

  private static Instant latestOf(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
