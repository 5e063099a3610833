package io.quantvision.analysis.indicator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quantvision.analysis.BarFeed;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IndicatorApiTest {

  private static final String PATH = "/api/v1/analysis/{symbol}/indicators";
  private static String symbol;
  private static List<EventEnvelope> bars;

  @Inject RedisDataSource redis;
  @Inject AgroalDataSource db;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void aSeriesOfThirtyBars() {
    if (symbol == null) {
      symbol = BarFeed.newSymbol();
      bars = BarFeed.quiet(symbol, BarFeed.lastClosedMinute(), 30);
      BarFeed.publish(redis, bars);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> BarFeed.storedBars(db, symbol) == 30);
  }

  @Test
  void returnsOnlyTheNamedIndicatorsBetweenFromAndTo() {
    JsonPath page =
        reader()
            .queryParam("timeframe", "1Min")
            .queryParam("names", "sma_20,bb_20_2")
            .queryParam("names", "RSI_14")
            .queryParam("from", start(20))
            .queryParam("to", start(24))
            .get(PATH, symbol)
            .then()
            .statusCode(200)
            .body("symbol", is(symbol))
            .body("timeframe", is("1Min"))
            .body("indicators.name", org.hamcrest.Matchers.contains("sma_20", "bb_20_2", "rsi_14"))
            .body("indicators.warm_up_bars", org.hamcrest.Matchers.contains(20, 20, 42))
            .body("items", hasSize(5))
            .body("next_page_token", nullValue())
            .extract()
            .jsonPath();
    assertThat(page.getString("items[0].bar_time")).isEqualTo(start(20));
    Map<String, Object> values = page.getMap("items[0].values");
    // RSI needs 42 bars: not reported on a 30-bar series
    assertThat(values).containsOnlyKeys("sma_20", "bb_20_2");
    assertThat(values.get("sma_20")).isInstanceOf(String.class);
    assertThat(page.getMap("items[0].values.bb_20_2")).containsOnlyKeys("upper", "middle", "lower");
  }

  @Test
  void pagesThroughTheSeriesWithAnOpaqueToken() {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      RequestSpecification request =
          reader()
              .queryParam("timeframe", "1Min")
              .queryParam("names", "obv")
              .queryParam("limit", 12);
      if (token != null) {
        request.queryParam("page_token", token);
      }
      JsonPath page = request.get(PATH, symbol).then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.bar_time"));
      token = page.getString("next_page_token");
    } while (token != null);

    assertThat(seen).hasSize(30).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void anUnknownIndicatorNameIsABadRequestNamingIt() {
    reader()
        .queryParam("timeframe", "1Min")
        .queryParam("names", "sma_20,ichimoku")
        .get(PATH, symbol)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", is("names"))
        .body("errors[0].message", containsString("ichimoku"))
        .body("request_id", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void badTimeframesTimesLimitsAndTokensAreBadRequests() {
    reader().queryParam("timeframe", "2Min").get(PATH, symbol).then().statusCode(400);
    reader().queryParam("from", "yesterday").get(PATH, symbol).then().statusCode(400);
    // readable times the database cannot hold, or whose milliseconds overflow a long
    for (String time : List.of("-4714-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z")) {
      reader()
          .queryParam("to", time)
          .get(PATH, symbol)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", org.hamcrest.Matchers.is("to"));
    }
    reader()
        .queryParam("timeframe", "1Min")
        .queryParam("from", start(10))
        .queryParam("to", start(5))
        .get(PATH, symbol)
        .then()
        .statusCode(400);
    reader().queryParam("limit", 0).get(PATH, symbol).then().statusCode(400);
    reader().queryParam("page_token", "not-a-token").get(PATH, symbol).then().statusCode(400);
    reader().get(PATH, "not a symbol!").then().statusCode(400);
  }

  @Test
  void aSymbolWithoutBarsIsNotFound() {
    reader()
        .get(PATH, BarFeed.newSymbol())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", containsString("unknown-symbol"));
  }

  @Test
  void aKnownSymbolAtATimeframeWithoutBarsIsNotFoundAndSaysWhichItHas() {
    reader()
        .queryParam("timeframe", "1Day")
        .get(PATH, symbol)
        .then()
        .statusCode(404)
        .body("detail", containsString("1Min"));
  }

  @Test
  void requiresAValidToken() {
    given().get(PATH, symbol).then().statusCode(401).contentType("application/problem+json");
    given()
        .auth()
        .oauth2(TestTokens.token("x").roles("viewer").expired().sign())
        .get(PATH, symbol)
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.token("x").roles("stranger").sign())
        .get(PATH, symbol)
        .then()
        .statusCode(403);
  }

  private static RequestSpecification reader() {
    return given().auth().oauth2(TestTokens.viewer("reader"));
  }

  private static String start(int index) {
    return BarFeed.payload(bars.get(index)).start().toString();
  }
}
