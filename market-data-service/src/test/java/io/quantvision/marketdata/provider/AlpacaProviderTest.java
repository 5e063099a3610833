package io.quantvision.marketdata.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.quantvision.marketdata.Fixtures.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.marketdata.AlpacaStub;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.Candidate;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.quote.Quote;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AlpacaProviderTest {

  private static final Instant FROM = Instant.parse("2024-03-05T14:30:00Z");
  private static final Instant TO = Instant.parse("2024-03-05T14:35:00Z");
  private static final String BARS = "/v2/stocks/bars";

  @AlpacaStub.Inject WireMockServer alpaca;
  @Inject AlpacaProvider provider;
  @Inject SymbolRepository symbols;
  @Inject BarRepository bars;
  @Inject MeterRegistry registry;

  @BeforeEach
  @AfterEach
  void freshStubAndBreakers() {
    alpaca.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
  }

  @Test
  void followsNextPageTokensUntilTheLastPageWithItsKeyHeaders() {
    String symbol = "PAGED";
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .withQueryParam("page_token", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(okJson(page(symbol, "\"page-2\"", "14:30", "14:31"))));
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .withQueryParam("page_token", equalTo("page-2"))
            .willReturn(okJson(page(symbol, "null", "14:32"))));

    ProviderBars answer = provider.bars(List.of(liquid(symbol)), Timeframe.MIN_1, FROM, TO);

    assertThat(answer.rows())
        .map(r -> ((Candidate) r).bar().start().toString())
        .containsExactly("2024-03-05T14:30:00Z", "2024-03-05T14:31:00Z", "2024-03-05T14:32:00Z");
    alpaca.verify(
        2,
        getRequestedFor(urlPathEqualTo(BARS))
            .withHeader("APCA-API-KEY-ID", equalTo(AlpacaStub.KEY))
            .withHeader("APCA-API-SECRET-KEY", equalTo(AlpacaStub.SECRET))
            .withQueryParam("symbols", equalTo(symbol))
            .withQueryParam("timeframe", equalTo("1Min"))
            .withQueryParam("start", equalTo(FROM.toString())));
    Candidate first = (Candidate) answer.rows().getFirst();
    assertThat(first.bar().open()).isEqualByComparingTo("180.10");
    assertThat(first.bar().tradeCount()).isEqualTo(101);
    assertThat(first.bar().provider()).isEqualTo("alpaca");
  }

  @Test
  void waitsAsLongAsRetryAfterSaysAfterA429ThenSucceeds() {
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .inScenario("rate limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withBody("{\"message\":\"too many requests.\"}"))
            .willSetStateTo("cooled down"));
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .inScenario("rate limit")
            .whenScenarioStateIs("cooled down")
            .willReturn(okJson(page("LIMITED", "null", "14:30"))));
    double limitedBefore = errors("rate_limited");

    long started = System.nanoTime();
    ProviderBars answer = provider.bars(List.of(liquid("LIMITED")), Timeframe.MIN_1, FROM, TO);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.rows()).hasSize(1);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    alpaca.verify(2, getRequestedFor(urlPathEqualTo(BARS)));
    assertThat(errors("rate_limited")).isEqualTo(limitedBefore + 1);
  }

  @Test
  void retriesAServerErrorAndThenSucceeds() {
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withBody("internal error"))
            .willSetStateTo("recovered"));
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(okJson(page("FLAKY", "null", "14:30", "14:31"))));
    double before = errors("server_error");

    ProviderBars answer = provider.bars(List.of(liquid("FLAKY")), Timeframe.MIN_1, FROM, TO);

    assertThat(answer.rows()).hasSize(2);
    alpaca.verify(2, getRequestedFor(urlPathEqualTo(BARS)));
    assertThat(errors("server_error")).isEqualTo(before + 1);
  }

  @Test
  void opensTheCircuitAfterRepeatedFailuresAndStopsCallingAlpaca() {
    alpaca.stubFor(get(urlPathEqualTo(BARS)).willReturn(aResponse().withStatus(503)));
    double openBefore = errors("circuit_open");

    for (int call = 0; call < 2; call++) {
      assertThatThrownBy(() -> provider.bars(List.of(liquid("DOWN")), Timeframe.MIN_1, FROM, TO))
          .isInstanceOf(ProviderUnavailableException.class);
    }
    int attempts = alpaca.getAllServeEvents().size();
    assertThatThrownBy(() -> provider.bars(List.of(liquid("DOWN")), Timeframe.MIN_1, FROM, TO))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("circuit open");

    assertThat(alpaca.getAllServeEvents()).hasSize(attempts);
    assertThat(errors("circuit_open")).isEqualTo(openBefore + 1);
  }

  @Test
  void doesNotRetryARefusedRequest() {
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"forbidden\"}")));

    assertThatThrownBy(() -> provider.bars(List.of(liquid("DENIED")), Timeframe.MIN_1, FROM, TO))
        .isInstanceOf(ProviderUnavailableException.class)
        .hasMessageContaining("403");
    alpaca.verify(1, getRequestedFor(urlPathEqualTo(BARS)));
  }

  @Test
  void reportsTheMinutesAThinSymbolDidNotTradeAsQuiet() {
    alpaca.stubFor(
        get(urlPathEqualTo(BARS)).willReturn(okJson(page("THINX", "null", "14:30", "14:33"))));

    ProviderBars answer =
        provider.bars(
            List.of(new Symbol("THINX", "Thin", null, "us_equity", true, true)),
            Timeframe.MIN_1,
            FROM,
            TO);

    assertThat(answer.rows()).hasSize(2);
    assertThat(answer.quiet())
        .map(k -> k.start().toString())
        .containsExactly("2024-03-05T14:31:00Z", "2024-03-05T14:32:00Z", "2024-03-05T14:34:00Z");
  }

  @Test
  void readsLatestQuotesAndTrades() {
    alpaca.stubFor(
        get(urlPathEqualTo("/v2/stocks/quotes/latest"))
            .willReturn(
                okJson(
                    """
                    {"quotes": {"QUOTED": {"ap": 187.3, "as": 2, "ax": "V", "bp": 187.1, "bs": 1,
                      "bx": "V", "c": ["R"], "t": "2024-03-05T20:59:58.123456789Z", "z": "C"}}}
                    """)));
    alpaca.stubFor(
        get(urlPathEqualTo("/v2/stocks/trades/latest"))
            .willReturn(
                okJson(
                    """
                    {"trades": {"QUOTED": {"c": ["@"], "i": 52983525029461, "p": 187.21, "s": 100,
                      "t": "2024-03-05T20:59:59.5Z", "x": "V", "z": "C"}}}
                    """)));

    Map<String, Quote> quotes = provider.latestQuotes(List.of("QUOTED", "ABSENT"));

    assertThat(quotes).containsOnlyKeys("QUOTED");
    Quote quote = quotes.get("QUOTED");
    assertThat(quote.bidPrice()).isEqualByComparingTo("187.1");
    assertThat(quote.askPrice()).isEqualByComparingTo("187.3");
    assertThat(quote.lastPrice()).isEqualByComparingTo("187.21");
    assertThat(quote.timestamp()).isEqualTo(Instant.parse("2024-03-05T20:59:59.5Z"));
  }

  @Test
  void anAdminCanBackfillFromAlpaca() {
    String symbol = Fixtures.newSymbol(symbols, false);
    alpaca.stubFor(
        get(urlPathEqualTo(BARS))
            .willReturn(okJson(page(symbol, "null", "14:30", "14:31", "14:34"))));

    String location =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "symbols", List.of(symbol),
                    "timeframe", "1Min",
                    "from", FROM.toString(),
                    "to", TO.toString(),
                    "provider", "alpaca"))
            .post("/api/v1/market/ingest")
            .then()
            .statusCode(202)
            .extract()
            .header("Location");
    await()
        .atMost(Fixtures.PATIENCE)
        .until(() -> "succeeded".equals(asAdmin().get(location).then().extract().path("status")));

    assertThat(bars.range(symbol, Timeframe.MIN_1, FROM, TO, 10))
        .hasSize(3)
        .allMatch(b -> b.provider().equals("alpaca"));
  }

  private double errors(String kind) {
    return registry
        .counter("qv.marketdata.provider.errors", "provider", "alpaca", "kind", kind)
        .count();
  }

  private static Symbol liquid(String ticker) {
    return new Symbol(ticker, ticker, null, "us_equity", true, false);
  }

  /** One page of Alpaca's multi-symbol bars answer, minute bars at the given New York times. */
  private static String page(String symbol, String nextToken, String... utcTimes) {
    StringBuilder bars = new StringBuilder();
    for (String time : utcTimes) {
      if (!bars.isEmpty()) {
        bars.append(',');
      }
      bars.append(
          """
          {"t": "2024-03-05T%s:00Z", "o": 180.10, "h": 180.55, "l": 179.90, "c": 180.20,
           "v": 12345, "n": 101, "vw": 180.2134}
          """
              .formatted(time));
    }
    return """
        {"bars": {"%s": [%s]}, "next_page_token": %s}
        """
        .formatted(symbol, bars, nextToken);
  }
}
