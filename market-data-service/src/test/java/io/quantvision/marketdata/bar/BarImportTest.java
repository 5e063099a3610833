package io.quantvision.marketdata.bar;

import static io.quantvision.marketdata.Fixtures.asAdmin;
import static io.quantvision.marketdata.Fixtures.asTrader;
import static io.quantvision.marketdata.Fixtures.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BarImportTest {

  private static final String MONDAY_0930 = "2024-03-04T14:30:00Z";
  private static final String MONDAY_0931 = "2024-03-04T14:31:00Z";
  private static final String MONDAY_0932 = "2024-03-04T14:32:00Z";

  @Inject SymbolRepository symbols;
  @Inject BarRepository bars;
  @Inject RedisDataSource redis;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void storesTheSameBatchTwiceAsTheSameRowsAndPublishesEachBarOnce() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String mark = Fixtures.streamMark();
    Map<String, Object> batch = batch(symbol, MONDAY_0930, MONDAY_0931, MONDAY_0932);

    importJson(batch)
        .statusCode(200)
        .body("received", is(3))
        .body("inserted", is(3))
        .body("unchanged", is(0));
    importJson(batch)
        .statusCode(200)
        .body("inserted", is(0))
        .body("revised", is(0))
        .body("unchanged", is(3));

    List<BarPayload> events = Fixtures.awaitBarEvents(redis, mark, symbol, 3);
    assertThat(stored(symbol)).hasSize(3).allMatch(b -> b.revision() == 1);
    // the relay has drained the outbox of the first batch; the replay added nothing to it
    assertThat(Fixtures.barEvents(redis, mark, symbol)).hasSize(3);
    assertThat(events).extracting(BarPayload::start).doesNotHaveDuplicates();
    assertThat(events.getFirst().provider()).isEqualTo("import");
  }

  @Test
  void aCorrectedBarReplacesTheOldOneWithTheNextRevisionAndOneEvent() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String before = Fixtures.streamMark();
    importJson(batch(symbol, MONDAY_0930, MONDAY_0931)).statusCode(200);
    Fixtures.awaitBarEvents(redis, before, symbol, 2);
    String mark = Fixtures.streamMark();

    Map<String, Object> corrected =
        Map.of(
            "symbol",
            symbol,
            "timeframe",
            "1Min",
            "bars",
            List.of(
                bar(MONDAY_0930, "100.00", "101.50", "99.50", "101.00", 1_700),
                bar(MONDAY_0931, "100.00", "101.00", "99.00", "100.50", 1_000)));
    importJson(corrected).statusCode(200).body("revised", is(1)).body("unchanged", is(1));

    List<BarPayload> events = Fixtures.awaitBarEvents(redis, mark, symbol, 1);
    assertThat(events).hasSize(1);
    assertThat(events.getFirst().revision()).isEqualTo(2);
    assertThat(events.getFirst().high()).isEqualByComparingTo("101.50");
    Bar stored = stored(symbol).getFirst();
    assertThat(stored.revision()).isEqualTo(2);
    assertThat(stored.volume()).isEqualTo(1_700);
  }

  @Test
  void reportsMalformedCsvLinesByLineNumberAndStoresNothing() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String csv =
        """
        timestamp,open,high,low,close,volume
        2024-03-04T14:30:00Z,100,101,99,100.5,1000
        2024-03-04T14:31:00Z,100,99,101,100,1000
        2024-03-04T14:32:00Z,100,101,99,100.5,-5
        2024-03-04T14:33:30Z,100,101,99,100.5,10
        2024-03-04T14:34:00Z,abc,101,99,100.5,10
        2024-03-04T14:35:00Z,100,101,99,102,10
        """;

    asAdmin()
        .contentType("text/csv")
        .queryParam("symbol", symbol)
        .queryParam("timeframe", "1Min")
        .body(csv)
        .post("/api/v1/market/bars")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", containsString("invalid-bars"))
        .body("errors.line", contains(3, 4, 5, 6, 7))
        .body(
            "errors.reason",
            contains(
                "high_below_low",
                "negative_volume",
                "misaligned_start",
                "unparseable",
                "close_outside_range"));

    assertThat(stored(symbol)).isEmpty();
  }

  @Test
  void storesTheValidRowsOfAPartialImportAndReportsTheRest() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String csv =
        """
        Date,Open,High,Low,Close,Adj Close,Volume
        2024-03-04,100,105,98,104,103.9,1000000
        2024-03-05,104,99,100,101,100.9,900000
        2024-03-06,101,102,99,100,99.9,800000
        """;

    asAdmin()
        .contentType("text/csv")
        .queryParam("symbol", symbol)
        .queryParam("timeframe", "1Day")
        .queryParam("partial", true)
        .body(csv)
        .post("/api/v1/market/bars")
        .then()
        .statusCode(200)
        .body("inserted", is(2))
        .body("rejected", hasSize(1))
        .body("rejected[0].line", is(3))
        .body("rejected[0].reason", is("high_below_low"));

    List<Bar> daily =
        bars.range(
            symbol, Timeframe.DAY_1, Instant.parse("2024-03-01T00:00:00Z"), Instant.now(), 10);
    assertThat(daily)
        .extracting(b -> b.start().toString())
        .containsExactly("2024-03-04T05:00:00Z", "2024-03-06T05:00:00Z");
  }

  @Test
  void refusesPricesNoMarketQuotesAndTheDatabaseCannotHold() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String csv =
        """
        timestamp,open,high,low,close,volume,vwap
        2024-03-04T14:30:00Z,100,1e999999,99,100.5,1000,
        2024-03-04T14:31:00Z,100,1000000001,99,100.5,1000,
        2024-03-04T14:32:00Z,1e-999999,101,1e-999999,100.5,1000,
        2024-03-04T14:33:00Z,100,101,99,100.5,1000,1e999999
        2024-03-04T14:34:00Z,100,1000000000,99,100.123456789012345678,1000,100.5
        """;

    asAdmin()
        .contentType("text/csv")
        .queryParam("symbol", symbol)
        .queryParam("timeframe", "1Min")
        .queryParam("partial", true)
        .body(csv)
        .post("/api/v1/market/bars")
        .then()
        .statusCode(200)
        .body("inserted", is(1))
        .body("rejected.line", contains(2, 3, 4, 5))
        .body(
            "rejected.reason",
            contains(
                "price_out_of_range",
                "price_out_of_range",
                "price_out_of_range",
                "price_out_of_range"));

    assertThat(stored(symbol)).hasSize(1);
  }

  @Test
  void refusesABarStartOutsideTheYears1900To9999() {
    String symbol = Fixtures.newSymbol(symbols, false);
    String csv =
        """
        timestamp,open,high,low,close,volume
        -4714-01-01T00:00:00Z,100,101,99,100.5,1000
        +999999999-12-31T00:00:00Z,100,101,99,100.5,1000
        """;

    asAdmin()
        .contentType("text/csv")
        .queryParam("symbol", symbol)
        .queryParam("timeframe", "1Day")
        .body(csv)
        .post("/api/v1/market/bars")
        .then()
        .statusCode(422)
        .body("errors.reason", contains("unparseable", "unparseable"))
        .body("errors[0].message", containsString("between 1900-01-01 and 9999-12-31"));
    assertThat(stored(symbol)).isEmpty();
  }

  @Test
  void refusesBarsOfUnknownSymbolsRowByRow() {
    importJson(batch("NOSUCH" + System.nanoTime() % 1000, MONDAY_0930))
        .statusCode(422)
        .body("errors[0].index", is(0))
        .body("errors[0].reason", is("unknown_symbol"));
  }

  @Test
  void letsOnlyAdminsImport() {
    String symbol = Fixtures.newSymbol(symbols, false);
    asTrader()
        .contentType(ContentType.JSON)
        .body(batch(symbol, MONDAY_0930))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    asViewer()
        .contentType(ContentType.JSON)
        .body(batch(symbol, MONDAY_0930))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(403);
    RestAssured.given()
        .contentType(ContentType.JSON)
        .body(batch(symbol, MONDAY_0930))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(401);
    assertThat(stored(symbol)).isEmpty();
  }

  private List<Bar> stored(String symbol) {
    return bars.range(
        symbol, Timeframe.MIN_1, Instant.parse("2024-03-04T00:00:00Z"), Instant.now(), 100);
  }

  private static io.restassured.response.ValidatableResponse importJson(Map<String, Object> body) {
    return asAdmin().contentType(ContentType.JSON).body(body).post("/api/v1/market/bars").then();
  }

  private static Map<String, Object> batch(String symbol, String... starts) {
    return Map.of(
        "symbol",
        symbol,
        "timeframe",
        "1Min",
        "bars",
        java.util.Arrays.stream(starts)
            .map(start -> bar(start, "100.00", "101.00", "99.00", "100.50", 1_000))
            .toList());
  }

  private static Map<String, Object> bar(
      String start, String open, String high, String low, String close, long volume) {
    return Map.of(
        "start", start,
        "open", new BigDecimal(open),
        "high", high,
        "low", low,
        "close", close,
        "volume", volume,
        "trade_count", 12,
        "vwap", "100.25");
  }
}
