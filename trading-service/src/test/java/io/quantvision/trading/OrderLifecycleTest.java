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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.common.event.payload.OrderPayload;
import io.quantvision.support.stream.StreamPublisher;
import io.quantvision.trading.order.OrderExpiry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderLifecycleTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @Inject StreamPublisher publisher;
  @Inject RedisDataSource redis;
  @Inject OrderExpiry expiry;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void fillsAMarketBuyAtTheLatestPriceWithSlippageAndMovesCashAndPosition() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100.00");

    String id =
        submit(trader(user), market(symbol, "buy", "10"))
            .statusCode(201)
            .header("Location", notNullValue())
            .body("status", equalTo("filled"))
            .body("filled_qty", equalTo("10"))
            // 100 + 5 bps slippage
            .body("filled_avg_price", equalTo("100.05"))
            .body("commission", equalTo("1"))
            .extract()
            .path("id");

    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/positions")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].symbol", equalTo(symbol))
        .body("[0].qty", equalTo("10"))
        .body("[0].avg_entry_price", equalTo("100.05"));
    // 100000 - 10 * 100.05 - 1 commission; marked at 100: unrealized -0.50
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/account")
        .then()
        .statusCode(200)
        .body("cash", equalTo("98998.5"))
        .body("equity", equalTo("99998.5"))
        .body("unrealized_pl", equalTo("-0.5"));
    assertThat(eventsOf(UUID.fromString(id))).containsExactly("accepted", "new", "fill");
  }

  @Test
  void realizesProfitWhenSellingAboveTheEntryPrice() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "50");
    submit(trader(user), market(symbol, "buy", "100")).statusCode(201);
    price(symbol, "60");

    submit(trader(user), market(symbol, "sell", "40"))
        .statusCode(201)
        .body("status", equalTo("filled"))
        .body("filled_avg_price", equalTo("59.97"));

    // entry 50.025, exit 59.97 on 40 shares
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/account")
        .then()
        .body("realized_pl", equalTo("397.8"));
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/positions")
        .then()
        .body("[0].qty", equalTo("60"));
  }

  @Test
  void restsALimitOrderUntilABarCrossesItsPrice() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "20.00");
    String id =
        submit(trader(user), limit(symbol, "buy", "30", "19.50"))
            .statusCode(201)
            .body("status", equalTo("new"))
            .extract()
            .path("id");

    publishBar(symbol, "20.10", "20.20", "19.80", "19.90", 10_000);
    publishBar(symbol, "19.70", "19.90", "19.40", "19.60", 10_000);

    awaitFilled(user, id, "19.5");
    assertThat(count("SELECT price FROM market_price WHERE symbol = ?", symbol)).isNotNull();
  }

  @Test
  void triggersABuyStopWhenABarReachesItAndFillsAtTheStopWithSlippage() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "20.00");
    String id =
        submit(trader(user), stop(symbol, "buy", "10", "21.00", null))
            .statusCode(201)
            .body("status", equalTo("new"))
            .extract()
            .path("id");

    publishBar(symbol, "20.10", "20.90", "20.00", "20.80", 10_000);
    publishBar(symbol, "20.80", "21.30", "20.70", "21.20", 10_000);

    // triggered at 21.00 (the bar opened below it), then 5 bps of slippage
    awaitFilled(user, id, "21.0105");
    assertThat(fillCount(id)).isEqualTo(1);
  }

  @Test
  void aStopLimitRestsAsALimitOrderOnceTriggeredUntilALaterBarReachesTheLimit() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "20.00");
    String id =
        submit(trader(user), stop(symbol, "buy", "10", "21.00", "21.10"))
            .statusCode(201)
            .extract()
            .path("id");

    // reaches the stop but never trades at or below the limit: triggered, not filled
    publishBar(symbol, "21.15", "21.40", "21.15", "21.30", 10_000);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM orders WHERE id = ? AND stop_triggered",
                        UUID.fromString(id))
                    == 1);
    assertThat(fillCount(id)).isZero();

    publishBar(symbol, "21.12", "21.20", "21.05", "21.08", 10_000);
    awaitFilled(user, id, "21.1");
  }

  @Test
  void buysForANotionalAmountInFractionalShares() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "20.00");
    Map<String, Object> order =
        Map.of(
            "symbol", symbol,
            "side", "buy",
            "type", "market",
            "notional", "1000",
            "time_in_force", "day");

    submit(trader(user), order)
        .statusCode(201)
        .body("status", equalTo("filled"))
        .body("notional", equalTo("1000"))
        .body("qty", nullValue())
        // 1000 / (20.00 + 5 bps), rounded down to six decimals: never more than the notional
        .body("filled_qty", equalTo("49.975012"))
        .body("filled_avg_price", equalTo("20.01"));
  }

  @Test
  void fillsALargeOrderPartiallyBarByBar() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    // at most 5000 shares fill at once; each bar fills at most a quarter of its volume
    String id =
        submit(trader(user), market(symbol, "buy", "7000"))
            .statusCode(201)
            .body("status", equalTo("partially_filled"))
            .body("filled_qty", equalTo("5000"))
            .extract()
            .path("id");

    publishBar(symbol, "10", "10.1", "9.9", "10", 4_000);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(trader(user))
                    .get("/api/v1/orders/" + id)
                    .then()
                    .body("filled_qty", equalTo("6000")));
    publishBar(symbol, "10", "10.1", "9.9", "10", 40_000);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(trader(user))
                    .get("/api/v1/orders/" + id)
                    .then()
                    .body("status", equalTo("filled"))
                    .body("filled_qty", equalTo("7000")));
    assertThat(count("SELECT count(*) FROM fill WHERE order_id = ?", UUID.fromString(id)))
        .isEqualTo(3);
  }

  @Test
  void cancelsAnOpenOrderAndRefusesToCancelAFilledOne() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "30");
    String resting = submit(trader(user), limit(symbol, "buy", "5", "29")).extract().path("id");
    String filled = submit(trader(user), market(symbol, "buy", "5")).extract().path("id");

    given()
        .auth()
        .oauth2(trader(user))
        .delete("/api/v1/orders/" + resting)
        .then()
        .statusCode(200)
        .body("status", equalTo("canceled"))
        .body("canceled_at", notNullValue());
    given()
        .auth()
        .oauth2(trader(user))
        .delete("/api/v1/orders/" + filled)
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("reason", equalTo("order_not_cancelable"));
    // the canceled order no longer holds buying power
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/account")
        .then()
        .body(
            "buying_power",
            equalTo(given().auth().oauth2(trader(user)).get("/api/v1/account").path("cash")));
  }

  @Test
  void immediateOrCancelAndFillOrKillNeverRest() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "40");
    Map<String, Object> ioc = new HashMap<>(limit(symbol, "buy", "5", "39"));
    ioc.put("time_in_force", "ioc");
    submit(trader(user), ioc).statusCode(201).body("status", equalTo("canceled"));

    String cheap = newSymbol();
    price(cheap, "1");
    Map<String, Object> fok = new HashMap<>(market(cheap, "buy", "6000"));
    fok.put("time_in_force", "fok");
    // 6000 shares cannot fill at once (at most 5000 do): all or nothing, so nothing
    submit(trader(user), fok)
        .statusCode(201)
        .body("status", equalTo("canceled"))
        .body("filled_qty", equalTo("0"));
  }

  @Test
  void expiresDayOrdersAtTheClose() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "15");
    Map<String, Object> day = new HashMap<>(limit(symbol, "buy", "5", "14.5"));
    day.put("time_in_force", "day");
    String id =
        submit(trader(user), day)
            .statusCode(201)
            .body("expires_at", notNullValue())
            .extract()
            .path("id");
    Fixtures.update(
        "UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ?",
        UUID.fromString(id));

    assertThat(expiry.expireDue()).isGreaterThanOrEqualTo(1);

    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/orders/" + id)
        .then()
        .body("status", equalTo("expired"))
        .body("expired_at", notNullValue());
  }

  @Test
  void aUserSeesAndTouchesOnlyTheirOwnOrders() {
    String alice = newUser();
    String mallory = newUser();
    String symbol = newSymbol();
    price(symbol, "12");
    String id = submit(trader(alice), limit(symbol, "buy", "1", "11.5")).extract().path("id");

    given()
        .auth()
        .oauth2(trader(mallory))
        .get("/api/v1/orders/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().auth().oauth2(trader(mallory)).delete("/api/v1/orders/" + id).then().statusCode(404);
    given()
        .auth()
        .oauth2(trader(mallory))
        .get("/api/v1/orders?status=all")
        .then()
        .body("items", hasSize(0));
    given()
        .auth()
        .oauth2(trader(alice))
        .get("/api/v1/orders/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("new"));
  }

  @Test
  void listsOrdersNewestFirstPageByPage() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "8");
    for (int i = 0; i < 5; i++) {
      submit(trader(user), limit(symbol, "buy", "1", "7.9" + i)).statusCode(201);
    }
    var first =
        given()
            .auth()
            .oauth2(trader(user))
            .get("/api/v1/orders?status=open&limit=3")
            .then()
            .statusCode(200)
            .body("items", hasSize(3))
            .body("next_page_token", notNullValue());
    String token = first.extract().path("next_page_token");
    List<String> firstIds = first.extract().path("items.id");
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/orders?status=open&limit=3&page_token=" + token)
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("next_page_token", nullValue())
        .body("items[0].limit_price", equalTo("7.91"));
    assertThat(firstIds.get(0)).isNotNull();
    given()
        .auth()
        .oauth2(trader(user))
        .get("/api/v1/orders?page_token=garbage")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void publishesEveryTransitionAndFillOnTheOrdersStream() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "25");
    String id = submit(trader(user), market(symbol, "buy", "4")).extract().path("id");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<OrderPayload> published = published(UUID.fromString(id));
              assertThat(published)
                  .extracting(OrderPayload::event)
                  .containsExactly("accepted", "new", "fill");
              OrderPayload fill = published.get(2);
              assertThat(fill.userId()).isEqualTo(user);
              assertThat(fill.executionId()).isNotBlank();
              assertThat(fill.fillQty()).isEqualByComparingTo("4");
              assertThat(fill.fillPrice()).isEqualByComparingTo("25.0125");
              assertThat(fill.status()).isEqualTo("filled");
            });
  }

  private List<OrderPayload> published(UUID orderId) {
    return redis.stream(String.class, String.class, String.class)
        .xrevrange(Streams.TRADING_ORDERS, StreamRange.of("+", "-"), 2000)
        .stream()
        .map(m -> EventCodec.decode(m.payload().get(Streams.ENVELOPE_FIELD)))
        .filter(e -> e.is(EventType.ORDER))
        .map(e -> e.payloadAs(EventType.ORDER))
        .filter(p -> p.orderId().equals(orderId))
        .toList()
        .reversed();
  }

  static List<String> eventsOf(UUID orderId) {
    List<String> events = new java.util.ArrayList<>();
    try (var c = io.quantvision.testing.infra.Infrastructure.postgres().connect(Fixtures.DATABASE);
        var s =
            c.prepareStatement("SELECT event FROM order_event WHERE order_id = ? ORDER BY id")) {
      s.setObject(1, orderId);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(rs.getString(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return events;
  }

  static void setLimits(String user, String json) {
    given()
        .auth()
        .oauth2(io.quantvision.testing.jwt.TestTokens.admin("admin-" + UUID.randomUUID()))
        .contentType("application/json")
        .body(json)
        .put("/api/v1/admin/trading/accounts/" + user + "/risk-limits")
        .then()
        .statusCode(200);
  }

  private static final java.util.concurrent.atomic.AtomicLong MINUTE =
      new java.util.concurrent.atomic.AtomicLong();

  private static Map<String, Object> stop(
      String symbol, String side, String qty, String stopPrice, String limitPrice) {
    Map<String, Object> order = new HashMap<>();
    order.put("symbol", symbol);
    order.put("side", side);
    order.put("type", limitPrice == null ? "stop" : "stop_limit");
    order.put("qty", qty);
    order.put("stop_price", stopPrice);
    if (limitPrice != null) {
      order.put("limit_price", limitPrice);
    }
    order.put("time_in_force", "gtc");
    return order;
  }

  private static void awaitFilled(String user, String orderId, String avgPrice) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(trader(user))
                    .get("/api/v1/orders/" + orderId)
                    .then()
                    .body("status", equalTo("filled"))
                    .body("filled_avg_price", equalTo(avgPrice)));
  }

  private static long fillCount(String orderId) {
    return count("SELECT count(*) FROM fill WHERE order_id = ?", UUID.fromString(orderId));
  }

  private void publishBar(
      String symbol, String open, String high, String low, String close, long volume) {
    // one-minute bars still forming when the order rests (a bar that ended before an order was
    // placed cannot fill it); each a second later than the one before
    Instant start =
        Instant.now()
            .truncatedTo(ChronoUnit.SECONDS)
            .minusSeconds(30)
            .plusSeconds(MINUTE.incrementAndGet());
    publisher.publish(
        EventEnvelope.create(
            EventType.BAR,
            "test",
            null,
            new BarPayload(
                symbol,
                "1Min",
                start,
                new BigDecimal(open),
                new BigDecimal(high),
                new BigDecimal(low),
                new BigDecimal(close),
                volume,
                null,
                null,
                1,
                "test")));
  }
}
