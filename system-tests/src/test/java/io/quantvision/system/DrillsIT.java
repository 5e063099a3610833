package io.quantvision.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quantvision.testing.infra.DatabaseOutage;
import io.quantvision.testing.jwt.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault drills on the running suite, each with the invariant it must keep. They go to the service
 * under drill directly (with test-support's tokens), so a drill measures that service, not the
 * gateway's retries.
 */
class DrillsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static Suite suite;

  @BeforeAll
  static void startSuite() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    suite = Suite.get();
  }

  /** A drill starts from a healthy suite, whatever the one before left behind. */
  @BeforeEach
  void healthySuite() {
    suite.answerLikeTheRealServices();
    suite.heal();
  }

  /**
   * trading-service killed with SIGKILL during a burst of 1,000 orders whose clients retry with the
   * same client_order_id until they get an answer: every order exists exactly once, and positions
   * match fills.
   */
  @Test
  void tradingKilledDuringABurstOfOrdersKeepsEveryOrderExactlyOnce() throws Exception {
    ServiceProcess trading = suite.service("trading-service");
    String symbol = "QVCRASH";
    Bars.importBars(
        suite.service("market-data-service").url(), symbol, "1Min", Bars.minutes(1, 50, 0));
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Db.number(
                        "trading-service",
                        "SELECT count(*) FROM market_price WHERE symbol = ?",
                        symbol)
                    == 1);
    String user = "drill-" + UUID.randomUUID();
    String token = TestTokens.traderWithOtp(user);
    int orders = 1_000;
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < orders; i++) {
      String clientOrderId = "drill-" + i;
      statuses.add(
          clients.submit(
              () -> {
                int status = submitUntilAnswered(trading, token, symbol, clientOrderId, retries);
                answered.incrementAndGet();
                return status;
              }));
    }
    await().atMost(PATIENCE).until(() -> answered.get() >= 300);
    trading.kill();
    trading.start();
    for (Future<Integer> status : statuses) {
      assertThat(status.get()).isIn(200, 201);
    }
    clients.shutdown();
    trading.awaitReady(PATIENCE);

    assertThat(retries.get()).as("clients had to retry through the crash").isPositive();
    assertThat(
            Db.number(
                "trading-service",
                "SELECT count(DISTINCT client_order_id) FROM orders WHERE user_id = ?",
                user))
        .isEqualTo(orders);
    assertThat(Db.number("trading-service", "SELECT count(*) FROM orders WHERE user_id = ?", user))
        .isEqualTo(orders);
    // orders caught between "accepted" and the broker call are reconciled after the restart
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Db.number(
                        "trading-service",
                        "SELECT count(*) FROM orders WHERE user_id = ? AND status = 'filled'",
                        user)
                    == orders);
    long filled =
        Db.number(
            "trading-service",
            "SELECT sum(f.qty) FROM fill f JOIN orders o ON o.id = f.order_id WHERE o.user_id = ?",
            user);
    assertThat(filled).isEqualTo(orders);
    assertThat(
            Db.number(
                "trading-service",
                "SELECT qty FROM position WHERE user_id = ? AND symbol = ?",
                user,
                symbol))
        .isEqualTo(filled);
  }

  /**
   * Redis restarted while bars stream from market-data: the outbox holds what could not be sent,
   * and analysis applies every bar exactly once.
   */
  @Test
  void redisRestartedWhileBarsStreamAnalysisAppliesEveryBarOnce() {
    String symbol = "QVREDIS";
    int batches = 8;
    int perBatch = 30;
    List<Map<String, Object>> bars = Bars.minutes(batches * perBatch, 100, 0.05);
    String marketData = suite.service("market-data-service").url();
    for (int b = 0; b < batches; b++) {
      if (b == 3) {
        suite.redis.stop();
      }
      if (b == 6) {
        suite.redis.start();
      }
      Bars.importBars(marketData, symbol, "1Min", bars.subList(b * perBatch, (b + 1) * perBatch));
    }

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Db.number(
                        "analysis-service",
                        "SELECT bar_count FROM series WHERE symbol = ? AND timeframe = '1Min'",
                        symbol)
                    == bars.size());
    assertThat(
            Db.number(
                "analysis-service",
                "SELECT count(*) FROM bar WHERE symbol = ? AND timeframe = '1Min'",
                symbol))
        .isEqualTo(bars.size());
    assertThat(
            Db.number(
                "analysis-service",
                "SELECT count(*) - count(DISTINCT event_id) FROM bar WHERE symbol = ?",
                symbol))
        .isZero();
  }

  /**
   * trading-service's database unreachable for ten seconds (connections refused and the open ones
   * terminated by the server): readiness goes DOWN and comes back by itself, and no answer in
   * between is a stack trace.
   */
  @Test
  void postgresUnreachableForTenSecondsReadinessRecoversByItself() {
    ServiceProcess trading = suite.service("trading-service");
    String token = TestTokens.traderWithOtp("drill-" + UUID.randomUUID());
    List<Response> during = new ArrayList<>();
    try (DatabaseOutage outage = DatabaseOutage.begin(Suite.database("trading-service"))) {
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      await().atMost(Duration.ofSeconds(10)).until(() -> trading.readiness() == 503);
      while (System.nanoTime() < end) {
        during.add(given().baseUri(trading.url()).auth().oauth2(token).get("/api/v1/orders"));
        ServiceProcess.sleep(500);
      }
    }
    await().atMost(PATIENCE).until(() -> trading.readiness() == 200);

    assertThat(during).isNotEmpty();
    for (Response response : during) {
      assertThat(response.statusCode()).isIn(200, 503);
      if (response.statusCode() != 200) {
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("\tat ");
      }
    }
    given()
        .baseUri(trading.url())
        .auth()
        .oauth2(token)
        .get("/api/v1/orders")
        .then()
        .statusCode(200);
  }

  /**
   * PagerDuty down for 60 seconds while Alertmanager (as an HA pair, so every alert twice) sends
   * critical alerts: when it returns, every alert is paged exactly once.
   */
  @Test
  void pagerDutyDownForAMinuteEveryAlertIsPagedOnceWhenItReturns() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int alerts = 10;
    suite.pagerDuty.resetAll();
    suite.pagerDuty.stubFor(
        WireMock.post(WireMock.urlPathEqualTo("/v2/enqueue"))
            .willReturn(WireMock.aResponse().withStatus(503)));
    long downUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int i = 0; i < alerts; i++) {
      String body = alertmanagerPayload(run, i);
      for (int replica = 0; replica < 2; replica++) {
        postToWebhook(body);
      }
    }
    await()
        .atMost(PATIENCE)
        .until(
            () -> !suite.pagerDuty.findAll(WireMock.postRequestedFor(WireMock.anyUrl())).isEmpty());
    ServiceProcess.sleep(Math.max(0, (downUntil - System.nanoTime()) / 1_000_000));
    java.time.Instant up = java.time.Instant.now();
    suite.answerLikeTheRealServices();

    await()
        .atMost(Duration.ofMinutes(3))
        .untilAsserted(
            () -> {
              for (int i = 0; i < alerts; i++) {
                assertThat(triggersAfter(up, "drill-" + run + "-" + i))
                    .as("alert %d paged once after PagerDuty returned", i)
                    .isEqualTo(1);
              }
            });
    ServiceProcess.sleep(3000);
    for (int i = 0; i < alerts; i++) {
      assertThat(triggersAfter(up, "drill-" + run + "-" + i)).isEqualTo(1);
    }
    // Alertmanager resolves them: each resolve reaches PagerDuty, and nothing is left firing
    java.time.Instant resolvedAt = java.time.Instant.now();
    for (int i = 0; i < alerts; i++) {
      postToWebhook(alertmanagerPayload(run, i).replace("\"firing\"", "\"resolved\""));
    }
    await().atMost(PATIENCE).until(() -> eventsAfter(resolvedAt, "\"resolve\"") >= alerts);
  }

  private static void postToWebhook(String body) {
    given()
        .baseUri(suite.service("alert-service").url())
        .auth()
        .oauth2(Suite.ALERTMANAGER_TOKEN)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/alerts/webhook/alertmanager")
        .then()
        .statusCode(org.hamcrest.Matchers.lessThan(300));
  }

  private static long eventsAfter(java.time.Instant since, String action) {
    return suite
        .pagerDuty
        .findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v2/enqueue")))
        .stream()
        .filter(r -> !r.getLoggedDate().toInstant().isBefore(since))
        .filter(r -> r.getBodyAsString().contains(action))
        .count();
  }

  private static long triggersAfter(java.time.Instant since, String summary) {
    return suite
        .pagerDuty
        .findAll(WireMock.postRequestedFor(WireMock.urlPathEqualTo("/v2/enqueue")))
        .stream()
        .filter(r -> !r.getLoggedDate().toInstant().isBefore(since))
        .map(r -> r.getBodyAsString())
        .filter(b -> b.contains("\"trigger\"") && b.contains(summary + "\""))
        .count();
  }

  /** One alert as Alertmanager's webhook (payload version 4) sends it. */
  private static String alertmanagerPayload(String run, int i) {
    String name = "DrillAlert" + i;
    String startsAt =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\""
        + name
        + "\\\"}\","
        + "\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"alert-service-critical\","
        + "\"groupLabels\":{\"alertname\":\""
        + name
        + "\"},"
        + "\"commonLabels\":{\"alertname\":\""
        + name
        + "\",\"severity\":\"critical\"},"
        + "\"commonAnnotations\":{\"summary\":\"drill-"
        + run
        + "-"
        + i
        + "\"},"
        + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[{\"status\":\"firing\","
        + "\"labels\":{\"alertname\":\""
        + name
        + "\",\"severity\":\"critical\",\"drill\":\""
        + run
        + "\"},"
        + "\"annotations\":{\"summary\":\"drill-"
        + run
        + "-"
        + i
        + "\"},"
        + "\"startsAt\":\""
        + startsAt
        + "\",\"endsAt\":\"0001-01-01T00:00:00Z\","
        + "\"generatorURL\":\"http://prometheus:9090/graph\",\"fingerprint\":\""
        + run
        + String.format("%08x", i)
        + "\"}]}";
  }

  /** One client: the same order again after every failed attempt, until an answer comes back. */
  private static int submitUntilAnswered(
      ServiceProcess trading,
      String token,
      String symbol,
      String clientOrderId,
      AtomicInteger retries) {
    Map<String, Object> order =
        Map.of(
            "symbol", symbol,
            "side", "buy",
            "type", "market",
            "qty", "1",
            "time_in_force", "day",
            "client_order_id", clientOrderId);
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        int status =
            given()
                .baseUri(trading.url())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(order)
                .post("/api/v1/orders")
                .statusCode();
        if (status < 500 || System.nanoTime() > deadline) {
          return status;
        }
      } catch (Exception connectionLost) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(clientOrderId + " never answered", connectionLost);
        }
      }
      retries.incrementAndGet();
      ServiceProcess.sleep(200);
    }
  }
}
