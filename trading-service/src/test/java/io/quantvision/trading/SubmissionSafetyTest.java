package io.quantvision.trading;

import static io.quantvision.trading.Fixtures.count;
import static io.quantvision.trading.Fixtures.market;
import static io.quantvision.trading.Fixtures.newSymbol;
import static io.quantvision.trading.Fixtures.newUser;
import static io.quantvision.trading.Fixtures.price;
import static io.quantvision.trading.Fixtures.submit;
import static io.quantvision.trading.Fixtures.trader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.oneOf;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Idempotent submission, hostile input and who may write. */
@QuarkusTest
class SubmissionSafetyTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void replaysSameClientOrderIdWithoutDuplicate() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    Map<String, Object> order = withClientId(market(symbol, "buy", "3"), "replay-1");

    String id = submit(trader(user), order).statusCode(201).extract().path("id");
    Map<String, Object> sameWithDecimalNoise = new HashMap<>(order);
    sameWithDecimalNoise.put("qty", "3.000");
    submit(trader(user), sameWithDecimalNoise).statusCode(200).body("id", equalTo(id));

    assertThat(count("SELECT count(*) FROM orders WHERE user_id = ?", user)).isEqualTo(1);
  }

  @Test
  void refusesTheSameClientOrderIdWithADifferentBody() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    submit(trader(user), withClientId(market(symbol, "buy", "3"), "reuse-1")).statusCode(201);

    submit(trader(user), withClientId(market(symbol, "buy", "4"), "reuse-1"))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("reason", equalTo("client_order_id_conflict"));
    assertThat(count("SELECT count(*) FROM orders WHERE user_id = ?", user)).isEqualTo(1);
  }

  @Test
  void fiftyConcurrentSubmissionsWithOneClientOrderIdMakeOneOrder() throws Exception {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    Map<String, Object> order = withClientId(market(symbol, "buy", "2"), "storm-1");
    String token = trader(user);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(() -> submit(token, order).extract().statusCode());
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.add(f.get());
    }
    pool.shutdown();

    assertThat(statuses).containsOnly(200, 201);
    assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
    assertThat(count("SELECT count(*) FROM orders WHERE user_id = ?", user)).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM fill f JOIN orders o ON o.id = f.order_id WHERE o.user_id = ?",
                user))
        .isEqualTo(1);
    given().auth().oauth2(token).get("/api/v1/positions").then().body("[0].qty", equalTo("2"));
  }

  static Stream<Arguments> hostileOrders() {
    String s = "HOSTILE";
    return Stream.of(
        Arguments.of(
            "negative qty",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":\"-1\",\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "zero qty",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":0,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "NaN qty",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":\"NaN\",\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "bare NaN",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":NaN,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "1e308 qty",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":1e308,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "1e308 limit",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"limit\",\"qty\":1,\"limit_price\":\"1e308\",\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "limit without price",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"limit\",\"qty\":1,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "stop without price",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"stop\",\"qty\":1,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "49-char client id",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":1,\"time_in_force\":\"day\",\"client_order_id\":\""
                + "x".repeat(49)
                + "\"}",
            400),
        Arguments.of(
            "qty and notional",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":1,\"notional\":10,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "unknown side",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"short\",\"type\":\"market\",\"qty\":1,\"time_in_force\":\"day\"}",
            400),
        Arguments.of(
            "duplicate key",
            "{\"symbol\":\""
                + s
                + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":1,\"qty\":1000,\"time_in_force\":\"day\"}",
            400),
        Arguments.of("not JSON", "{\"symbol\":", 400),
        Arguments.of(
            "unknown symbol",
            "{\"symbol\":\"NOSUCH\",\"side\":\"buy\",\"type\":\"market\",\"qty\":1,\"time_in_force\":\"day\"}",
            422));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileOrders")
  void refusesHostileInputAndWritesNothing(String name, String body, int status) {
    String user = newUser();
    given()
        .auth()
        .oauth2(trader(user))
        .contentType("application/json")
        .body(body)
        .post("/api/v1/orders")
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status));

    assertThat(count("SELECT count(*) FROM orders WHERE user_id = ?", user)).isZero();
    assertThat(count("SELECT count(*) FROM account WHERE user_id = ?", user)).isZero();
  }

  @Test
  void unknownSymbolIsNamedByItsReason() {
    submit(trader(newUser()), market("NOSUCH", "buy", "1"))
        .statusCode(422)
        .body("reason", equalTo("unknown_symbol"));
  }

  @Test
  void writesNeedTheTraderRoleAndASecondFactor() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");

    submit(TestTokens.viewer(user), market(symbol, "buy", "1")).statusCode(403);
    submit(TestTokens.trader(user), market(symbol, "buy", "1"))
        .statusCode(403)
        .body("reason", equalTo("otp_required"));
    given()
        .contentType("application/json")
        .body(market(symbol, "buy", "1"))
        .post("/api/v1/orders")
        .then()
        .statusCode(401);
    submit(
            TestTokens.token(user).roles("trader").withOtp().expired().sign(),
            market(symbol, "buy", "1"))
        .statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.viewer(user))
        .get("/api/v1/orders")
        .then()
        .statusCode(200)
        .body("items.status", org.hamcrest.Matchers.empty());
    assertThat(count("SELECT count(*) FROM orders WHERE user_id = ?", user)).isZero();
  }

  @Test
  void anAccountIsOpenedOnFirstUseWithTheStartingCash() {
    String user = newUser();
    given()
        .auth()
        .oauth2(TestTokens.viewer(user))
        .get("/api/v1/account")
        .then()
        .statusCode(200)
        .body("id", equalTo(user))
        .body("cash", equalTo("100000"))
        .body("buying_power", equalTo("100000"))
        .body("trading_state", oneOf("ACTIVE", "REDUCING", "HALTED"));
    given()
        .auth()
        .oauth2(TestTokens.viewer(user))
        .get("/api/v1/positions")
        .then()
        .statusCode(200)
        .body("symbol", org.hamcrest.Matchers.not(hasItem("X")));
  }

  private static Map<String, Object> withClientId(Map<String, Object> order, String clientId) {
    Map<String, Object> copy = new HashMap<>(order);
    copy.put("client_order_id", clientId);
    return copy;
  }
}
