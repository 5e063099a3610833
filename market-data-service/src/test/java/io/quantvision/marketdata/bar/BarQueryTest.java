package io.quantvision.marketdata.bar;

import static io.quantvision.marketdata.Fixtures.asAdmin;
import static io.quantvision.marketdata.Fixtures.asTrader;
import static io.quantvision.marketdata.Fixtures.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BarQueryTest {

  private static final Instant SESSION_OPEN = Instant.parse("2024-03-05T14:30:00Z");
  private static final int STORED_BARS = 25;

  @Inject SymbolRepository symbols;

  private String symbol;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void storeAFewMinutes() {
    symbol = Fixtures.newSymbol(symbols, false);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < STORED_BARS; i++) {
      rows.add(
          Map.of(
              "start",
              SESSION_OPEN.plusSeconds(60L * i).toString(),
              "open",
              "50." + (10 + i),
              "high",
              "51",
              "low",
              "49",
              "close",
              "50.5",
              "volume",
              100 + i));
    }
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("symbol", symbol, "timeframe", "1Min", "bars", rows))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(200)
        .body("inserted", is(STORED_BARS));
  }

  @Test
  void pagesThroughARangeOldestFirst() {
    Response first =
        asViewer()
            .queryParam("timeframe", "1Min")
            .queryParam("from", "2024-03-05T14:30:00Z")
            .queryParam("to", "2024-03-05T21:00:00Z")
            .queryParam("limit", 10)
            .get("/api/v1/market/bars/{symbol}", symbol);
    first
        .then()
        .statusCode(200)
        .body("symbol", is(symbol))
        .body("timeframe", is("1Min"))
        .body("items", hasSize(10))
        .body("items[0].start", is("2024-03-05T14:30:00Z"))
        .body("items[0].open", is("50.10"))
        .body("items[0].revision", is(1))
        .body("next_page_token", notNullValue());

    List<String> starts = new ArrayList<>(first.jsonPath().getList("items.start"));
    String token = first.jsonPath().getString("next_page_token");
    while (token != null) {
      Response page =
          asViewer()
              .queryParam("timeframe", "1Min")
              .queryParam("from", "2024-03-05T14:30:00Z")
              .queryParam("to", "2024-03-05T21:00:00Z")
              .queryParam("limit", 10)
              .queryParam("page_token", token)
              .get("/api/v1/market/bars/{symbol}", symbol);
      page.then().statusCode(200);
      starts.addAll(page.jsonPath().getList("items.start"));
      token = page.jsonPath().getString("next_page_token");
    }
    assertThat(starts).hasSize(STORED_BARS).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void servesTheNewestBarsWhenNoStartIsGiven() {
    asTrader()
        .queryParam("timeframe", "1Min")
        .queryParam("limit", 3)
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(200)
        .body("items", hasSize(3))
        .body("items[2].start", is(SESSION_OPEN.plusSeconds(60L * (STORED_BARS - 1)).toString()))
        .body("next_page_token", nullValue());
  }

  @Test
  void answersCsvWhenAskedForIt() {
    String csv =
        asViewer()
            .accept("text/csv")
            .queryParam("timeframe", "1Min")
            .queryParam("from", "2024-03-05")
            .queryParam("to", "2024-03-06")
            .queryParam("limit", 2)
            .get("/api/v1/market/bars/{symbol}", symbol)
            .then()
            .statusCode(200)
            .contentType(containsString("text/csv"))
            .header("X-Next-Page-Token", notNullValue())
            .extract()
            .asString();
    assertThat(csv.lines().toList())
        .containsExactly(
            "symbol,timeframe,start,open,high,low,close,volume,trade_count,vwap,revision,provider",
            symbol + ",1Min,2024-03-05T14:30:00Z,50.10,51,49,50.5,100,,,1,import",
            symbol + ",1Min,2024-03-05T14:31:00Z,50.11,51,49,50.5,101,,,1,import");
  }

  @Test
  void refusesAnUnknownTimeframe() {
    asViewer()
        .queryParam("timeframe", "2Min")
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", is("timeframe"));
  }

  @Test
  void refusesAFromAfterTheTo() {
    asViewer()
        .queryParam("from", "2024-03-06T00:00:00Z")
        .queryParam("to", "2024-03-05T00:00:00Z")
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", is("from"));
  }

  @Test
  void refusesTimesOutsideTheYears1900To9999() {
    // Java reads them; PostgreSQL cannot store the first two, and the third overflows a date
    for (String time :
        List.of("+999999999-12-31T23:59:59Z", "-4714-01-01T00:00:00Z", "0001-01-01")) {
      asViewer()
          .queryParam("from", time)
          .get("/api/v1/market/bars/{symbol}", symbol)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", is("from"))
          .body("detail", containsString("between 1900-01-01 and 9999-12-31"));
    }
  }

  @Test
  void refusesARangeWiderThanTheMaximum() {
    asViewer()
        .queryParam("from", "2020-01-01T00:00:00Z")
        .queryParam("to", "2024-01-01T00:00:00Z")
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(400)
        .body("detail", containsString("wider than the maximum"));
  }

  @Test
  void refusesALimitOutOfBoundsAndAForeignPageToken() {
    asViewer()
        .queryParam("limit", 0)
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(400)
        .body("errors[0].field", is("limit"));
    asViewer()
        .queryParam("from", "2024-03-05")
        .queryParam("to", "2024-03-06")
        .queryParam("page_token", "bm90LW91cnM")
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(400)
        .body("errors[0].field", is("page_token"));
  }

  @Test
  void answersNotFoundForAnUnknownSymbol() {
    asViewer()
        .get("/api/v1/market/bars/{symbol}", "NOPE" + System.nanoTime() % 10_000)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", containsString("unknown-symbol"));
  }

  @Test
  void needsAToken() {
    RestAssured.given()
        .get("/api/v1/market/bars/{symbol}", symbol)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
