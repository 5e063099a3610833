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
import static org.hamcrest.Matchers.equalTo;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each pre-trade rule refuses with its own reason code, and writes nothing. */
@QuarkusTest
class RiskChecksTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void rejectsOrderAboveNotionalLimit() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100");
    OrderLifecycleTest.setLimits(user, "{\"max_order_notional\": 5000}");

    rejected(user, market(symbol, "buy", "51"), "max_order_notional");
    submit(trader(user), market(symbol, "buy", "49")).statusCode(201);
  }

  @Test
  void rejectsOrderThatWouldExceedTheMaximumPosition() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    OrderLifecycleTest.setLimits(user, "{\"max_position_qty\": 100}");
    submit(trader(user), market(symbol, "buy", "60")).statusCode(201);
    // 60 held + 30 resting + 20 = 110 > 100
    submit(trader(user), limit(symbol, "buy", "30", "9.5")).statusCode(201);

    rejected(user, market(symbol, "buy", "20"), "max_position");
  }

  @Test
  void rejectsSellingMoreThanIsHeld() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    submit(trader(user), market(symbol, "buy", "5")).statusCode(201);

    rejected(user, market(symbol, "sell", "6"), "insufficient_position");
  }

  @Test
  void rejectsBeyondTheMaximumOpenOrders() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    OrderLifecycleTest.setLimits(user, "{\"max_open_orders\": 2}");
    submit(trader(user), limit(symbol, "buy", "1", "9.5")).statusCode(201);
    submit(trader(user), limit(symbol, "buy", "1", "9.6")).statusCode(201);

    rejected(user, limit(symbol, "buy", "1", "9.7"), "max_open_orders");
  }

  @Test
  void rejectsOrdersBeyondTheRatePerMinute() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    OrderLifecycleTest.setLimits(user, "{\"max_orders_per_minute\": 3}");
    for (int i = 0; i < 3; i++) {
      submit(trader(user), market(symbol, "buy", "1")).statusCode(201);
    }

    rejected(user, market(symbol, "buy", "1"), "rate_limit");
  }

  @Test
  void rejectsALimitPriceOutsideThePriceBand() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100");

    // a fat finger: 1000 instead of 100.0
    rejected(user, limit(symbol, "buy", "1", "1000"), "price_band");
    rejected(user, limit(symbol, "sell", "1", "89"), "price_band");
    submit(trader(user), limit(symbol, "buy", "1", "109")).statusCode(201);
  }

  @Test
  void rejectsOrdersPricedOnAStaleQuote() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100", Instant.now().minus(6, ChronoUnit.MINUTES));

    rejected(user, market(symbol, "buy", "1"), "stale_quote");
  }

  @Test
  void rejectsAnOrderBeyondTheBuyingPower() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100");
    OrderLifecycleTest.setLimits(user, "{\"max_order_notional\": 1000000}");
    // 60000 held by a resting order leaves 40000
    submit(trader(user), limit(symbol, "buy", "600", "100")).statusCode(201);

    rejected(user, limit(symbol, "buy", "401", "100"), "insufficient_buying_power");
    submit(trader(user), limit(symbol, "buy", "399", "100")).statusCode(201);
  }

  @Test
  void rejectsASymbolOffTheAccountsAllowList() {
    String user = newUser();
    String allowed = newSymbol();
    String other = newSymbol();
    price(allowed, "10");
    price(other, "10");
    OrderLifecycleTest.setLimits(user, "{\"allowed_symbols\": [\"" + allowed + "\"]}");

    rejected(user, market(other, "buy", "1"), "symbol_not_allowed");
    submit(trader(user), market(allowed, "buy", "1")).statusCode(201);
  }

  @Test
  void needsARecentSecondFactorAboveTheConfiguredNotional() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100");
    String oldOtp =
        TestTokens.token(user)
            .roles("trader")
            .withOtp()
            .authTime(Instant.now().minus(1, ChronoUnit.HOURS))
            .sign();

    given()
        .auth()
        .oauth2(oldOtp)
        .contentType("application/json")
        .body(market(symbol, "buy", "510"))
        .post("/api/v1/orders")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("reason", equalTo("recent_2fa_required"));
    submit(oldOtp, market(symbol, "buy", "300")).statusCode(201);
    submit(trader(user), market(symbol, "buy", "510")).statusCode(201);
  }

  private static void rejected(String user, Map<String, Object> order, String reason) {
    long before = count("SELECT count(*) FROM orders WHERE user_id = ?", user);
    submit(trader(user), order)
        .statusCode(422)
        .contentType("application/problem+json")
        .body("reason", equalTo(reason))
        .body("type", equalTo("https://quantvision.io/problems/risk-rejected"));
    Assertions.assertThat(count("SELECT count(*) FROM orders WHERE user_id = ?", user))
        .isEqualTo(before);
  }
}
