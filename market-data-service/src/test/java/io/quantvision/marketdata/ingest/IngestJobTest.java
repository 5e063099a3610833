package io.quantvision.marketdata.ingest;

import static io.quantvision.marketdata.Fixtures.asAdmin;
import static io.quantvision.marketdata.Fixtures.asTrader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestJobTest {

  /** 09:30–10:30 New York on Tuesday 5 March 2024: 60 one-minute bars per symbol. */
  private static final String FROM = "2024-03-05T14:30:00Z";

  private static final String TO = "2024-03-05T15:30:00Z";

  @Inject SymbolRepository symbols;
  @Inject BarRepository bars;
  @Inject RedisDataSource redis;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void anAdminBackfillFromTheSimulatedFeedStoresAndPublishesTheBars() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String mark = Fixtures.streamMark();

    JsonPath job = backfill(symbol, "1Min");

    assertThat(job.getString("status")).isEqualTo("succeeded");
    assertThat(job.getLong("bars_inserted")).isEqualTo(60);
    assertThat(job.getString("provider")).isEqualTo("simulated");
    List<Bar> stored =
        bars.range(symbol, Timeframe.MIN_1, Instant.parse(FROM), Instant.parse(TO), 100);
    assertThat(stored).hasSize(60);
    List<BarPayload> events = Fixtures.awaitBarEvents(redis, mark, symbol, 60);
    assertThat(events).hasSize(60);
    assertThat(events).allMatch(e -> e.provider().equals("simulated") && e.revision() == 1);
  }

  @Test
  void backfillingTheSameRangeAgainChangesNothing() {
    String symbol = Fixtures.newSymbol(symbols, false);
    backfill(symbol, "5Min");
    List<Bar> first =
        bars.range(symbol, Timeframe.MIN_5, Instant.parse(FROM), Instant.parse(TO), 100);
    String mark = Fixtures.streamMark();

    JsonPath again = backfill(symbol, "5Min");

    assertThat(again.getLong("bars_inserted")).isZero();
    assertThat(again.getLong("bars_unchanged")).isEqualTo(12);
    assertThat(bars.range(symbol, Timeframe.MIN_5, Instant.parse(FROM), Instant.parse(TO), 100))
        .isEqualTo(first);
    assertThat(Fixtures.barEvents(redis, mark, symbol)).isEmpty();
  }

  @Test
  void refusesABackfillThatCannotBeRun() {
    String symbol = Fixtures.newSymbol(symbols, false);
    post(Map.of("symbols", List.of(symbol), "timeframe", "7Min", "from", FROM, "to", TO))
        .statusCode(400)
        .body("errors[0].field", is("timeframe"));
    post(Map.of("symbols", List.of(symbol), "timeframe", "1Min", "from", TO, "to", FROM))
        .statusCode(400)
        .body("errors[0].field", is("from"));
    post(Map.of("symbols", List.of(), "timeframe", "1Min", "from", FROM, "to", TO))
        .statusCode(400)
        .body("errors[0].field", is("symbols"));
    post(Map.of("symbols", List.of(symbol), "timeframe", "1Min", "from", "2000-01-01", "to", TO))
        .statusCode(400)
        .body("errors[0].field", is("to"));
    post(Map.of(
            "symbols",
            List.of("NOPE" + System.nanoTime() % 1000),
            "timeframe",
            "1Min",
            "from",
            FROM,
            "to",
            TO))
        .statusCode(404)
        .body("type", containsString("unknown-symbol"));
  }

  @Test
  void aBackfillWithoutABodyIsABadRequest() {
    for (String body : List.of("", "null")) {
      asAdmin()
          .contentType(ContentType.JSON)
          .body(body)
          .post("/api/v1/market/ingest")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }

  @Test
  void onlyAnAdminMayBackfill() {
    asTrader()
        .contentType(ContentType.JSON)
        .body(Map.of("symbols", List.of("AAPL"), "timeframe", "1Min", "from", FROM, "to", TO))
        .post("/api/v1/market/ingest")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void anUnknownJobIsNotFound() {
    asAdmin().get("/api/v1/market/ingest/{id}", java.util.UUID.randomUUID()).then().statusCode(404);
    asAdmin().get("/api/v1/market/ingest/{id}", "not-a-uuid").then().statusCode(404);
  }

  private static JsonPath backfill(String symbol, String timeframe) {
    String location =
        post(Map.of("symbols", List.of(symbol), "timeframe", timeframe, "from", FROM, "to", TO))
            .statusCode(202)
            .body("status", is("queued"))
            .extract()
            .header("Location");
    await()
        .atMost(Fixtures.PATIENCE)
        .until(
            () ->
                List.of("succeeded", "failed")
                    .contains(asAdmin().get(location).then().extract().path("status")));
    return asAdmin().get(location).then().statusCode(200).extract().jsonPath();
  }

  private static io.restassured.response.ValidatableResponse post(Map<String, Object> body) {
    return asAdmin().contentType(ContentType.JSON).body(body).post("/api/v1/market/ingest").then();
  }
}
