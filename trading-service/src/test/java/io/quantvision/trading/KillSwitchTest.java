package io.quantvision.trading;

import static io.quantvision.trading.Fixtures.count;
import static io.quantvision.trading.Fixtures.limit;
import static io.quantvision.trading.Fixtures.market;
import static io.quantvision.trading.Fixtures.newSymbol;
import static io.quantvision.trading.Fixtures.newUser;
import static io.quantvision.trading.Fixtures.price;
import static io.quantvision.trading.Fixtures.submit;
import static io.quantvision.trading.Fixtures.trader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KillSwitchTest {

  private static final String ADMIN = "admin-kill-switch";

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @Inject RedisDataSource redis;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resume() {
    given()
        .auth()
        .oauth2(TestTokens.admin(ADMIN))
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/admin/trading/resume")
        .then()
        .statusCode(200);
  }

  @Test
  void haltStopsNewOrdersButStillLetsTradersCancel() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    String resting = submit(trader(user), limit(symbol, "buy", "1", "9.5")).extract().path("id");
    Instant before = Instant.now();

    given()
        .auth()
        .oauth2(TestTokens.admin(ADMIN))
        .contentType("application/json")
        .body("{\"reason\": \"runaway strategy\"}")
        .post("/api/v1/admin/trading/halt")
        .then()
        .statusCode(200)
        .body("state", equalTo("HALTED"))
        .body("changed_by", equalTo(ADMIN));

    submit(trader(user), market(symbol, "buy", "1"))
        .statusCode(422)
        .body("reason", equalTo("trading_halted"));
    given()
        .auth()
        .oauth2(trader(user))
        .delete("/api/v1/orders/" + resting)
        .then()
        .statusCode(200)
        .body("status", equalTo("canceled"));
    given()
        .get(metrics)
        .then()
        .body(containsString("qv_trading_halted{"))
        .body(containsString("qv_trading_state{"));
    assertThat(gauge("qv_trading_halted")).isEqualTo(1.0);
    assertThat(gauge("qv_trading_state")).isEqualTo(2.0);
    assertThat(
            count(
                "SELECT count(*) FROM trading_state_audit WHERE state = 'HALTED' AND actor = ? "
                    + "AND reason = 'runaway strategy' AND changed_at >= ?",
                ADMIN,
                java.sql.Timestamp.from(before.minusSeconds(1))))
        .isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                alerts("firing").stream()
                    .anyMatch(a -> "critical".equals(a.severity()) && a.summary().contains(ADMIN)));

    resume();
    assertThat(gauge("qv_trading_halted")).isZero();
    submit(trader(user), market(symbol, "buy", "1")).statusCode(201);
    await().atMost(Duration.ofSeconds(10)).until(() -> !alerts("resolved").isEmpty());
  }

  @Test
  void reducingAcceptsOnlyOrdersThatShrinkAPosition() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    submit(trader(user), market(symbol, "buy", "10")).statusCode(201);

    given()
        .auth()
        .oauth2(TestTokens.admin(ADMIN))
        .contentType("application/json")
        .body("{\"mode\": \"reducing\"}")
        .post("/api/v1/admin/trading/halt")
        .then()
        .statusCode(200)
        .body("state", equalTo("REDUCING"));

    submit(trader(user), market(symbol, "buy", "1"))
        .statusCode(422)
        .body("reason", equalTo("trading_reducing"));
    submit(trader(user), market(symbol, "sell", "4")).statusCode(201);
    assertThat(gauge("qv_trading_state")).isEqualTo(1.0);
  }

  @Test
  void onlyAdminsMoveTheSwitch() {
    given()
        .auth()
        .oauth2(trader(newUser()))
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/admin/trading/halt")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/admin/trading/halt")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.admin(ADMIN))
        .get("/api/v1/admin/trading")
        .then()
        .statusCode(200)
        .body("state", equalTo("ACTIVE"));
  }

  private List<AlertPayload> alerts(String status) {
    return redis.stream(String.class, String.class, String.class)
        .xrevrange(Streams.ALERTS_EVENTS, StreamRange.of("+", "-"), 500)
        .stream()
        .map(m -> EventCodec.decode(m.payload().get(Streams.ENVELOPE_FIELD)))
        .filter(e -> e.is(EventType.ALERT) && "trading-service".equals(e.source()))
        .map(e -> e.payloadAs(EventType.ALERT))
        .filter(a -> "trading-kill-switch".equals(a.fingerprint()) && status.equals(a.status()))
        .filter(a -> "TradingKillSwitch".equals(a.labels().get("alertname")))
        .toList();
  }

  private double gauge(String name) {
    String body = given().get(metrics).asString();
    return body.lines()
        .filter(l -> l.startsWith(name + "{"))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not exposed " + UUID.randomUUID()));
  }
}
