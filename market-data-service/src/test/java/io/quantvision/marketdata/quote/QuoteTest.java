package io.quantvision.marketdata.quote;

import static io.quantvision.marketdata.Fixtures.asTrader;
import static io.quantvision.marketdata.Fixtures.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.provider.SimulatedProvider;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class QuoteTest {

  @Inject SymbolRepository symbols;
  @Inject QuoteCache cache;
  @Inject QuoteRefresher refresher;
  @Inject SimulatedProvider simulated;
  @Inject RedisDataSource redis;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void servesAFreshQuoteAsDecimalStringsNotStale() {
    String symbol = Fixtures.newSymbol(symbols, false);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    cache.put(
        new Quote(
            symbol,
            new BigDecimal("99.98"),
            new BigDecimal("100.02"),
            new BigDecimal("100.00"),
            now,
            "test"));

    asTrader()
        .get("/api/v1/market/quotes/{symbol}", symbol)
        .then()
        .statusCode(200)
        .body("symbol", is(symbol))
        .body("bid_price", is("99.98"))
        .body("ask_price", is("100.02"))
        .body("last_price", is("100.00"))
        .body("timestamp", is(now.toString()))
        .body("stale", is(false));
    assertThat(redis.key(String.class).ttl(QuoteCache.KEY_PREFIX + symbol)).isPositive();
  }

  @Test
  void flagsAQuoteOlderThanTheLimitAsStale() {
    String symbol = Fixtures.newSymbol(symbols, false);
    Instant old = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    cache.put(new Quote(symbol, new BigDecimal("10"), new BigDecimal("10.02"), null, old, "test"));

    asViewer()
        .get("/api/v1/market/quotes/{symbol}", symbol)
        .then()
        .statusCode(200)
        .body("stale", is(true))
        .body("last_price", is((Object) null));
  }

  @Test
  void keepsTheNewerQuoteWhenAnOlderOneArrivesLate() {
    String symbol = Fixtures.newSymbol(symbols, false);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    cache.put(
        new Quote(
            symbol,
            new BigDecimal("20"),
            new BigDecimal("20.1"),
            new BigDecimal("20.05"),
            now,
            "test"));
    cache.put(
        new Quote(
            symbol,
            new BigDecimal("19"),
            new BigDecimal("19.1"),
            new BigDecimal("19.05"),
            now.minusSeconds(3),
            "test"));

    assertThat(cache.get(symbol))
        .get()
        .extracting(Quote::lastPrice)
        .isEqualTo(new BigDecimal("20.05"));
  }

  @Test
  void answersNotFoundForAnUnknownSymbolAndForASymbolWithoutAQuote() {
    asViewer()
        .get("/api/v1/market/quotes/{symbol}", "ZZNONE" + System.nanoTime() % 1000)
        .then()
        .statusCode(404)
        .body("type", containsString("unknown-symbol"));
    asViewer()
        .get("/api/v1/market/quotes/{symbol}", Fixtures.newSymbol(symbols, false))
        .then()
        .statusCode(404)
        .body("type", containsString("no-quote"));
  }

  @Test
  void theSimulatedFeedQuotesItsSymbolsWithAnInsideSpread() {
    String symbol = Fixtures.newSymbol(symbols, false);
    Map<String, Quote> quotes = simulated.latestQuotes(List.of(symbol, "AAPL"));

    assertThat(quotes).containsKeys(symbol, "AAPL");
    Quote quote = quotes.get(symbol);
    assertThat(quote.bidPrice()).isLessThan(quote.lastPrice());
    assertThat(quote.askPrice()).isGreaterThan(quote.lastPrice());
    assertThat(quote.timestamp()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void aRefreshCachesTheProvidersQuotesAndTheStaleCountFollows() {
    String symbol = Fixtures.newSymbol(symbols, false);
    long staleBefore = refresher.countStale();
    assertThat(staleBefore).isPositive(); // our new symbol has no quote yet

    assertThat(refresher.refresh()).isPositive();

    asViewer()
        .get("/api/v1/market/quotes/{symbol}", symbol)
        .then()
        .statusCode(200)
        .body("last_price", notNullValue())
        .body("stale", is(false));
    assertThat(refresher.countStale()).isLessThan(staleBefore);
  }
}
