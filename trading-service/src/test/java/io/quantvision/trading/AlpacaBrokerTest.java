package io.quantvision.trading;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.quantvision.trading.Fixtures.count;
import static io.quantvision.trading.Fixtures.market;
import static io.quantvision.trading.Fixtures.newSymbol;
import static io.quantvision.trading.Fixtures.newUser;
import static io.quantvision.trading.Fixtures.price;
import static io.quantvision.trading.Fixtures.submit;
import static io.quantvision.trading.Fixtures.text;
import static io.quantvision.trading.Fixtures.trader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Alpaca broker against a local stub speaking Alpaca's Trading API v2 JSON. */
@QuarkusTest
@TestProfile(AlpacaBrokerTest.Alpaca.class)
class AlpacaBrokerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  public static class Alpaca implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "trading.broker", "alpaca",
          "trading.alpaca.api-key", "test-key",
          "trading.alpaca.api-secret", "test-secret",
          "io.quantvision.trading.broker.AlpacaClient/submit/Timeout/value", "1500");
    }
  }

  @Inject CircuitBreakerMaintenance breakers;

  private final WireMockServer alpaca = StubServer.server();

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void closeBreakers() {
    breakers.resetAll();
  }

  @Test
  void passesTheOrderIdAsClientOrderIdAndAppliesDuplicateFillReportsOnce() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    alpaca.stubFor(
        post(urlPathEqualTo("/v2/orders"))
            .withRequestBody(matchingJsonPath("$.symbol", equalTo(symbol)))
            .withHeader("APCA-API-KEY-ID", equalTo("test-key"))
            .willReturn(
                alpacaOrder("{{jsonPath request.body '$.client_order_id'}}", "new", "0", null)));

    String id =
        submit(trader(user), market(symbol, "buy", "5"))
            .statusCode(201)
            .body("status", Matchers.equalTo("new"))
            .extract()
            .path("id");
    alpaca.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v2/orders"))
            .withRequestBody(matchingJsonPath("$.client_order_id", equalTo(id)))
            .withRequestBody(matchingJsonPath("$.qty", equalTo("5")))
            .withRequestBody(matchingJsonPath("$.time_in_force", equalTo("day"))));

    // the poller sees the same partial fill on every poll: one fill
    stubLookup(id, "partially_filled", "2", "10.00");
    await()
        .atMost(PATIENCE)
        .until(
            () -> count("SELECT count(*) FROM fill WHERE order_id = ?", UUID.fromString(id)) == 1);
    await()
        .pollDelay(Duration.ofSeconds(1))
        .atMost(PATIENCE)
        .until(
            () ->
                alpaca
                        .findAll(
                            com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                                urlPathEqualTo("/v2/orders:by_client_order_id")))
                        .size()
                    >= 3);
    assertThat(count("SELECT count(*) FROM fill WHERE order_id = ?", UUID.fromString(id)))
        .isEqualTo(1);

    stubLookup(id, "filled", "5", "10.12");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(trader(user))
                    .get("/api/v1/orders/" + id)
                    .then()
                    .body("status", Matchers.equalTo("filled"))
                    .body("filled_qty", Matchers.equalTo("5"))
                    .body("filled_avg_price", Matchers.equalTo("10.12")));
    assertThat(count("SELECT count(*) FROM fill WHERE order_id = ?", UUID.fromString(id)))
        .isEqualTo(2);
    // the second fill's price makes the average right: (2 * 10.00 + 3 * p) / 5 = 10.12
    assertThat(
            text(
                "SELECT price FROM fill WHERE order_id = ? ORDER BY qty DESC LIMIT 1",
                UUID.fromString(id)))
        .startsWith("10.2");
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/positions")
        .then()
        .body("[0].qty", Matchers.equalTo("5"));
  }

  @Test
  void aTimedOutSubmissionIsLookedUpByClientOrderIdNotResent() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    // Alpaca takes the order but answers too late: the call times out with the order placed
    alpaca.stubFor(
        post(urlPathEqualTo("/v2/orders"))
            .withRequestBody(matchingJsonPath("$.symbol", equalTo(symbol)))
            .willReturn(
                alpacaOrder("{{jsonPath request.body '$.client_order_id'}}", "new", "0", null)
                    .withFixedDelay(3000)));

    String id =
        submit(trader(user), market(symbol, "buy", "3"))
            .statusCode(201)
            .body("status", Matchers.equalTo("accepted"))
            .extract()
            .path("id");
    stubLookup(id, "new", "0", null);

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "alp-"
                    .concat(id)
                    .equals(
                        text(
                            "SELECT broker_order_id FROM orders WHERE id = ?",
                            UUID.fromString(id))));
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", Matchers.equalTo("new"));
    alpaca.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v2/orders"))
            .withRequestBody(matchingJsonPath("$.symbol", equalTo(symbol))));
  }

  @Test
  void anOrderAlpacaRefusesIsRejectedAndNotRetried() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    alpaca.stubFor(
        post(urlPathEqualTo("/v2/orders"))
            .withRequestBody(matchingJsonPath("$.symbol", equalTo(symbol)))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\": 40310000, \"message\": \"insufficient buying power\"}")));

    String id =
        submit(trader(user), market(symbol, "buy", "3")).statusCode(201).extract().path("id");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(trader(user))
                    .get("/api/v1/orders/" + id)
                    .then()
                    .body("status", Matchers.equalTo("rejected")));
    alpaca.verify(
        1,
        postRequestedFor(urlPathEqualTo("/v2/orders"))
            .withRequestBody(matchingJsonPath("$.symbol", equalTo(symbol))));
  }

  private void stubLookup(String clientOrderId, String status, String filledQty, String avg) {
    alpaca.stubFor(
        get(urlPathEqualTo("/v2/orders:by_client_order_id"))
            .withQueryParam("client_order_id", equalTo(clientOrderId))
            .willReturn(alpacaOrder(clientOrderId, status, filledQty, avg)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder alpacaOrder(
      String clientOrderId, String status, String filledQty, String avg) {
    String body =
        "{\"id\": \"alp-"
            + clientOrderId
            + "\", \"client_order_id\": \""
            + clientOrderId
            + "\","
            + " \"created_at\": \"2026-01-05T15:00:00Z\", \"updated_at\": \"2026-01-05T15:00:01Z\","
            + " \"submitted_at\": \"2026-01-05T15:00:00Z\", \"asset_class\": \"us_equity\","
            + " \"symbol\": \"X\", \"qty\": \"5\", \"filled_qty\": \""
            + filledQty
            + "\","
            + " \"filled_avg_price\": "
            + (avg == null ? "null" : "\"" + avg + "\"")
            + ","
            + " \"order_class\": \"\", \"order_type\": \"market\", \"type\": \"market\","
            + " \"side\": \"buy\", \"time_in_force\": \"day\", \"limit_price\": null,"
            + " \"stop_price\": null, \"status\": \""
            + status
            + "\", \"extended_hours\": false}";
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .withTransformers("response-template");
  }
}
