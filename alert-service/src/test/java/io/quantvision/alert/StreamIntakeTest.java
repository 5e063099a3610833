package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.newFingerprint;
import static io.quantvision.alert.Fixtures.pagerDutyEvents;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.common.event.payload.OrderPayload;
import io.quantvision.common.event.payload.SignalPayload;
import io.quantvision.support.stream.StreamPublisher;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamIntakeTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @Inject StreamPublisher publisher;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void serviceAlertEventsArePagedOnceAndResolved() {
    String fingerprint = newFingerprint();
    String dedupKey = "trading-service:" + fingerprint;
    Map<String, String> labels = Map.of("alertname", "KillSwitchEngaged", "environment", "test");
    EventEnvelope firing =
        EventEnvelope.create(
            EventType.ALERT,
            "trading-service",
            null,
            new AlertPayload(
                fingerprint, "critical", "firing", "kill switch engaged", "by admin", labels));
    publisher.publish(firing);
    // a redelivered entry (same event id) has no second effect
    publisher.publish(firing);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(pagerDutyEvents(dedupKey)).hasSize(1));
    assertThat(count("SELECT occurrences FROM alert WHERE fingerprint = ?", dedupKey)).isEqualTo(1);

    publisher.publish(
        EventEnvelope.create(
            EventType.ALERT,
            "trading-service",
            null,
            new AlertPayload(
                fingerprint, "critical", "resolved", "kill switch released", null, labels)));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pagerDutyEvents(dedupKey))
                    .extracting(e -> e.path("event_action").asText())
                    .containsExactly("trigger", "resolve"));
  }

  @Test
  void anOrderFillIsEmailedToTheSubscribedUserOnlyAndShownInTheirHistory() throws Exception {
    String subscriber = "user-" + UUID.randomUUID();
    String other = "user-" + UUID.randomUUID();
    subscribe(subscriber, "order_fills");
    String symbol = symbol();

    publisher.publish(order(subscriber, symbol, "fill", "exec-1"));
    publisher.publish(order(other, symbol, "fill", "exec-2"));
    // a rejection is not what the subscriber asked for
    publisher.publish(order(subscriber, symbol, "rejected", null));

    String email = subscriber + "@test.quantvision.io";
    await().atMost(PATIENCE).until(() -> mailsTo(email).size() == 1);
    assertThat(mailsTo(email).get(0).getSubject()).contains("Order filled").contains(symbol);

    given()
        .auth()
        .oauth2(TestTokens.trader(subscriber))
        .get("/api/v1/alerts")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].severity", equalTo("info"))
        .body("items[0].labels.user_id", equalTo(subscriber))
        .body("items[0].status", equalTo("resolved"));
    given()
        .auth()
        .oauth2(TestTokens.trader(other))
        .get("/api/v1/alerts")
        .then()
        .body("items", hasSize(0));
    assertThat(mailsTo(other + "@test.quantvision.io")).isEmpty();
  }

  @Test
  void aBuySignalReachesSubscribersOfItsSymbol() throws Exception {
    String user = "user-" + UUID.randomUUID();
    String symbol = symbol();
    subscribe(user, "signals:" + symbol.toLowerCase());
    given()
        .auth()
        .oauth2(TestTokens.viewer(user))
        .get("/api/v1/alerts/subscriptions")
        .then()
        .body("items[0].kind", equalTo("signals:" + symbol));

    publisher.publish(signal(symbol, "hold"));
    publisher.publish(signal(symbol, "buy"));

    String email = user + "@test.quantvision.io";
    await().atMost(PATIENCE).until(() -> mailsTo(email).size() == 1);
    assertThat(mailsTo(email).get(0).getSubject()).contains("BUY signal for " + symbol);
  }

  @Test
  void aCrossingRuleFiresOncePerCrossingAndReArmsAfterCrossingBack() {
    String user = "user-" + UUID.randomUUID();
    String symbol = symbol();
    String rule =
        given()
            .auth()
            .oauth2(TestTokens.trader(user))
            .contentType(ContentType.JSON)
            .body(Map.of("symbol", symbol, "condition", "crosses_above", "price", "100"))
            .post("/api/v1/alerts/rules")
            .then()
            .statusCode(201)
            .body("condition", equalTo("crosses_above"))
            .extract()
            .path("id");

    bars(symbol, "99", "101", "102", "100", "99", "100.5", "100.5");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM price_rule WHERE id = CAST(? AS uuid) AND last_close = 100.5",
                        rule)
                    == 1);
    // 99 → 101 crosses; 102 stays above; 100 is not above; 99 → 100.5 crosses again
    assertThat(count("SELECT count(*) FROM alert WHERE labels ->> 'rule_id' = ?", rule))
        .isEqualTo(2);
    given()
        .auth()
        .oauth2(TestTokens.trader(user))
        .get("/api/v1/alerts/rules")
        .then()
        .body("items[0].fired_count", equalTo(2));
  }

  @Test
  void theSameRuleTwiceIsOneRuleEvenWhenBothArriveAtOnce() throws Exception {
    String user = "user-" + UUID.randomUUID();
    String symbol = symbol();
    Map<String, Object> rule =
        Map.of("symbol", symbol, "condition", "crosses_above", "price", "100");
    String first = createRule(user, rule).then().statusCode(201).extract().path("id");

    // a double-clicked "create", and the same figure written differently
    createRule(user, rule).then().statusCode(200).body("id", equalTo(first));
    createRule(user, Map.of("symbol", symbol, "condition", "crosses_above", "price", "100.00"))
        .then()
        .statusCode(200)
        .body("id", equalTo(first));
    // another price is another rule
    createRule(user, Map.of("symbol", symbol, "condition", "crosses_above", "price", "101"))
        .then()
        .statusCode(201);

    String racer = "user-" + UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        statuses.add(pool.submit(() -> createRule(racer, rule).statusCode()));
      }
      for (Future<Integer> status : statuses) {
        assertThat(status.get(30, TimeUnit.SECONDS)).isIn(200, 201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("SELECT count(*) FROM price_rule WHERE user_id = ?", user)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM price_rule WHERE user_id = ?", racer)).isEqualTo(1);
  }

  private static io.restassured.response.Response createRule(
      String user, Map<String, Object> rule) {
    return given()
        .auth()
        .oauth2(TestTokens.trader(user))
        .contentType(ContentType.JSON)
        .body(rule)
        .post("/api/v1/alerts/rules");
  }

  @Test
  void aMoveRuleFiresWhenTheChangeOverTheWindowExceedsThePercentThenReArms() {
    String user = "user-" + UUID.randomUUID();
    String symbol = symbol();
    String rule =
        given()
            .auth()
            .oauth2(TestTokens.trader(user))
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "symbol",
                    symbol,
                    "condition",
                    "moves_more_than",
                    "percent",
                    5,
                    "window_bars",
                    2))
            .post("/api/v1/alerts/rules")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    // vs two bars earlier: 106/100 = +6% fires; 107/101 = +5.9% still beyond, no second alert;
    // 107/106 back within 5% re-arms; 113/107 = +5.6% fires again
    bars(symbol, "100", "101", "106", "107", "107", "113");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM price_rule WHERE id = CAST(? AS uuid) AND last_close = 113",
                        rule)
                    == 1);
    assertThat(count("SELECT count(*) FROM alert WHERE labels ->> 'rule_id' = ?", rule))
        .isEqualTo(2);
  }

  @Test
  void rulesAreValidatedAndPrivate() {
    String user = "user-" + UUID.randomUUID();
    given()
        .auth()
        .oauth2(TestTokens.trader(user))
        .contentType(ContentType.JSON)
        .body(Map.of("symbol", "AAPL", "condition", "crosses_above"))
        .post("/api/v1/alerts/rules")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    String id =
        given()
            .auth()
            .oauth2(TestTokens.trader(user))
            .contentType(ContentType.JSON)
            .body(Map.of("symbol", "AAPL", "condition", "crosses_below", "price", 10))
            .post("/api/v1/alerts/rules")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(TestTokens.trader("someone-else"))
        .delete("/api/v1/alerts/rules/" + id)
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.trader(user))
        .delete("/api/v1/alerts/rules/" + id)
        .then()
        .statusCode(204);
    given()
        .get("/api/v1/alerts/rules")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  private void bars(String symbol, String... closes) {
    Instant start =
        Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(closes.length));
    for (int i = 0; i < closes.length; i++) {
      BigDecimal close = new BigDecimal(closes[i]);
      publisher.publish(
          EventEnvelope.create(
              EventType.BAR,
              "market-data-service",
              null,
              new BarPayload(
                  symbol,
                  "1Min",
                  start.plus(Duration.ofMinutes(i)),
                  close,
                  close,
                  close,
                  close,
                  1000,
                  10L,
                  close,
                  1,
                  "simulated")));
    }
  }

  private static void subscribe(String user, String kind) {
    given()
        .auth()
        .oauth2(TestTokens.trader(user))
        .contentType(ContentType.JSON)
        .body(Map.of("kind", kind))
        .post("/api/v1/alerts/subscriptions")
        .then()
        .statusCode(201);
  }

  private static EventEnvelope order(String user, String symbol, String event, String executionId) {
    boolean fill = "fill".equals(event);
    return EventEnvelope.create(
        EventType.ORDER,
        "trading-service",
        null,
        new OrderPayload(
            UUID.randomUUID(),
            "c-" + UUID.randomUUID(),
            user,
            symbol,
            "buy",
            "market",
            "day",
            new BigDecimal("10"),
            null,
            null,
            null,
            event,
            fill ? "filled" : "rejected",
            fill ? new BigDecimal("10") : BigDecimal.ZERO,
            fill ? new BigDecimal("101.25") : null,
            executionId,
            fill ? new BigDecimal("10") : null,
            fill ? new BigDecimal("101.25") : null,
            fill ? null : "max_order_notional",
            Instant.now()));
  }

  private static EventEnvelope signal(String symbol, String action) {
    return EventEnvelope.create(
        EventType.SIGNAL,
        "analysis-service",
        null,
        new SignalPayload(
            UUID.randomUUID(),
            symbol,
            "1Day",
            Instant.now(),
            action,
            72,
            List.of("rsi below 30"),
            Map.of("rsi", "1")));
  }

  private static String symbol() {
    return "A" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
  }

  private static List<MimeMessage> mailsTo(String address) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : Stubs.smtp().getReceivedMessages()) {
      if (m.getAllRecipients() != null && m.getAllRecipients()[0].toString().equals(address)) {
        found.add(m);
      }
    }
    return found;
  }
}
