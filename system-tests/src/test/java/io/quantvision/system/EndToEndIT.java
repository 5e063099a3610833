package io.quantvision.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite as its users meet it: everything below goes through the gateway only, with accounts,
 * tokens and second factors obtained the way a client obtains them.
 */
class EndToEndIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String SYMBOL = "QVE2E";
  private static final String PASSWORD = "correct-horse-battery-42";
  private static Suite suite;

  @BeforeAll
  static void startSuite() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    suite = Suite.get();
    suite.heal();
  }

  @Test
  void aTraderJourneyFromRegistrationToAFilledOrderAndAnAlert() {
    // register → log in → enrol and verify 2FA
    String email = "trader-" + UUID.randomUUID() + "@system.test";
    String userId = register(email);
    String password = login(email, PASSWORD);
    String trader = withSecondFactor(password);
    String admin = login(Suite.ADMIN_EMAIL, Suite.ADMIN_PASSWORD);

    // an admin imports bars; analysis turns the last ones into a signal
    importBars(admin, "1Min", falling65ThenRising());
    eventually()
        .untilAsserted(
            () ->
                as(trader)
                    .get("/api/v1/analysis/" + SYMBOL + "/signals?timeframe=1Min")
                    .then()
                    .statusCode(200)
                    .body("items.action", hasItem("buy")));

    // a report from the LLM stub, then with the stub down the rule-based fallback
    suite.llm.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(Llm.completion(lastClose()))));
    as(trader)
        .contentType(ContentType.JSON)
        .body(Map.of("timeframe", "1Min"))
        .post("/api/v1/analysis/" + SYMBOL + "/report")
        .then()
        .statusCode(201)
        .body("source", org.hamcrest.Matchers.equalTo("llm"));
    // a price rule above the last close, then the LLM down: a new bar gets the rule-based report
    double close = lastClose() + 0.4;
    double alertPrice = close + 1.6;
    as(trader)
        .contentType(ContentType.JSON)
        .body(Map.of("symbol", SYMBOL, "condition", "crosses_above", "price", alertPrice))
        .post("/api/v1/alerts/rules")
        .then()
        .statusCode(201);
    suite.llm.resetAll();
    suite.llm.stubFor(
        post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));
    importBars(admin, "1Min", List.of(bar(nowMinute().minus(2, ChronoUnit.MINUTES), close)));
    eventually()
        .untilAsserted(
            () ->
                as(trader)
                    .contentType(ContentType.JSON)
                    .body(Map.of("timeframe", "1Min"))
                    .post("/api/v1/analysis/" + SYMBOL + "/report")
                    .then()
                    .statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                    .body("source", org.hamcrest.Matchers.equalTo("fallback")));

    // market and limit orders, filled by the paper broker
    Response market = order(trader, marketBuy(SYMBOL, "10"));
    assertThat(market.statusCode()).isEqualTo(201);
    Response limit = order(trader, limitBuy(SYMBOL, "5", String.format("%.2f", close - 1)));
    assertThat(limit.statusCode()).isEqualTo(201);
    String limitId = limit.path("id");

    // the bar still forming dips through the limit and closes above the alert price
    importBars(
        admin,
        "1Min",
        List.of(barWithRange(nowMinute(), alertPrice + 0.5, close - 1.5, alertPrice + 0.6, close)));
    eventually()
        .untilAsserted(
            () ->
                as(trader)
                    .get("/api/v1/orders/" + limitId)
                    .then()
                    .statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("filled")));

    // positions and account agree with the fills
    List<Map<String, Object>> orders =
        as(trader).get("/api/v1/orders?status=all").then().statusCode(200).extract().path("items");
    BigDecimal filledQty = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    for (Map<String, Object> o : orders) {
      BigDecimal qty = new BigDecimal((String) o.get("filled_qty"));
      filledQty = filledQty.add(qty);
      cost = cost.add(qty.multiply(new BigDecimal((String) o.get("filled_avg_price"))));
    }
    assertThat(filledQty).isEqualByComparingTo("15");
    Response positions = as(trader).get("/api/v1/positions");
    assertThat(new BigDecimal((String) positions.path("[0].qty"))).isEqualByComparingTo(filledQty);
    Response account = as(trader).get("/api/v1/account");
    BigDecimal cash = new BigDecimal((String) account.path("cash"));
    assertThat(new BigDecimal("100000000").subtract(cost).subtract(cash).abs())
        .as("cash = starting cash − cost of fills (commission free)")
        .isLessThan(new BigDecimal("0.01"));

    // the price rule fired once, and its alert reached a stub once
    eventually().untilAsserted(() -> assertThat(deliveriesMentioning(SYMBOL)).isEqualTo(1));
    ServiceProcess.sleep(2000);
    assertThat(deliveriesMentioning(SYMBOL)).as("delivered once").isEqualTo(1);
    assertThat(suite.smtp.getReceivedMessages())
        .as("and once by email to the trader who set the rule")
        .filteredOn(m -> subject(m).contains(SYMBOL))
        .hasSize(1);

    // and the platform reports itself healthy
    eventually()
        .untilAsserted(
            () ->
                as(admin)
                    .get("/api/v1/monitoring/status")
                    .then()
                    .statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("green")));
    assertThat(userId).isNotBlank();
  }

  @Test
  void theRateLimitAnswers429WithItsHeadersAfterTheLimit() {
    String email = "busy-" + UUID.randomUUID() + "@system.test";
    register(email);
    String token = login(email, PASSWORD);
    int admitted = 0;
    Response refused = null;
    for (int i = 0; i < 70 && refused == null; i++) {
      Response r = as(token).get("/api/v1/auth/me");
      if (r.statusCode() == 429) {
        refused = r;
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("RateLimit")).isNotNull();
        admitted++;
      }
    }
    assertThat(refused).as("a 429 after the per-minute limit").isNotNull();
    assertThat(admitted).isLessThanOrEqualTo(60);
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(refused.header("RateLimit-Policy")).isNotNull();
    assertThat(refused.contentType()).startsWith("application/problem+json");
  }

  /**
   * Two gateway processes behind one address, as in production: 200 concurrent calls of one user
   * spread over both are admitted exactly up to the per-minute limit (60) they share in Redis.
   */
  @Test
  void twoGatewayInstancesSharingRedisAdmitExactlyTheLimitTogether() throws Exception {
    String email = "pair-" + UUID.randomUUID() + "@system.test";
    register(email);
    String token = login(email, PASSWORD);
    ServiceProcess replica = Suite.get().startReplica("gateway-service");
    try {
      // a replica in service has answered before: warm its Redis pool and JIT with another user
      String other = "warm-" + UUID.randomUUID() + "@system.test";
      register(other);
      String warm = login(other, PASSWORD);
      for (int i = 0; i < 20; i++) {
        given()
            .baseUri(replica.url())
            .auth()
            .oauth2(warm)
            .get("/api/v1/auth/me")
            .then()
            .statusCode(200);
      }
      // the sliding window weighs the previous minute: keep the burst inside one minute
      long second = Instant.now().getEpochSecond() % 60;
      if (second > 50) {
        Thread.sleep((62 - second) * 1000);
      }
      HttpClient http = HttpClient.newHttpClient();
      List<String> bases = List.of(Suite.get().gateway(), replica.url());
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        HttpRequest me =
            HttpRequest.newBuilder(URI.create(bases.get(i % 2) + "/api/v1/auth/me"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .build();
        calls.add(http.sendAsync(me, HttpResponse.BodyHandlers.ofString()));
      }
      int[] admittedBy = new int[2];
      int refused = 0;
      for (int i = 0; i < calls.size(); i++) {
        HttpResponse<String> answer = calls.get(i).get();
        if (answer.statusCode() == 200) {
          admittedBy[i % 2]++;
        } else {
          assertThat(answer.statusCode()).isEqualTo(429);
          assertThat(answer.headers().firstValue("Content-Type"))
              .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
          assertThat(answer.headers().firstValue("Retry-After")).isPresent();
          refused++;
        }
      }
      assertThat(admittedBy[0] + admittedBy[1]).isEqualTo(60);
      assertThat(refused).isEqualTo(140);
      assertThat(admittedBy[0]).as("admitted by the first instance").isPositive();
      assertThat(admittedBy[1]).as("admitted by the second instance").isPositive();
    } finally {
      replica.stop();
    }
  }

  @Test
  void theKillSwitchBlocksNewOrdersButNotCancels() {
    String symbol = "QVSWITCH";
    String admin = login(Suite.ADMIN_EMAIL, Suite.ADMIN_PASSWORD);
    String trader = newTraderWithSecondFactor();
    importBars(admin, symbol, "1Min", List.of(bar(nowMinute().minus(1, ChronoUnit.MINUTES), 40)));
    String resting = order(trader, limitBuy(symbol, "1", "38.50")).path("id");
    try {
      as(admin)
          .contentType(ContentType.JSON)
          .body(Map.of("reason", "system test"))
          .post("/api/v1/admin/trading/halt")
          .then()
          .statusCode(200);
      Response refused = order(trader, marketBuy(symbol, "1"));
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat((String) refused.path("reason")).isEqualTo("trading_halted");
      as(trader)
          .delete("/api/v1/orders/" + resting)
          .then()
          .statusCode(org.hamcrest.Matchers.oneOf(200, 202, 204));
    } finally {
      as(admin)
          .contentType(ContentType.JSON)
          .body("{}")
          .post("/api/v1/admin/trading/resume")
          .then()
          .statusCode(200);
    }
  }

  @Test
  void aViewerIsRefusedAnOrderAndAUserNeverSeesAnothersOrders() {
    String symbol = "QVROLES";
    String admin = login(Suite.ADMIN_EMAIL, Suite.ADMIN_PASSWORD);
    String alice = newTraderWithSecondFactor();
    importBars(admin, symbol, "1Min", List.of(bar(nowMinute().minus(1, ChronoUnit.MINUTES), 40)));
    String alicesOrder = order(alice, limitBuy(symbol, "1", "39")).path("id");

    String viewerEmail = "viewer-" + UUID.randomUUID() + "@system.test";
    String viewerId = register(viewerEmail);
    as(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("roles", List.of("viewer")))
        .post("/api/v1/admin/users/" + viewerId + "/roles")
        .then()
        .statusCode(200);
    String viewer = login(viewerEmail, PASSWORD);
    assertThat(order(viewer, marketBuy(symbol, "1")).statusCode()).isEqualTo(403);

    String bob = newTraderWithSecondFactor();
    as(bob).get("/api/v1/orders/" + alicesOrder).then().statusCode(404);
    as(bob).delete("/api/v1/orders/" + alicesOrder).then().statusCode(404);
    List<String> bobs =
        as(bob).get("/api/v1/orders").then().statusCode(200).extract().path("items.id");
    assertThat(bobs).doesNotContain(alicesOrder);
  }

  /**
   * Inputs a hostile-input probe of the running suite once turned into 500s (2026-12-07): a NUL
   * character, readable but extreme times, a missing body, a price PostgreSQL cannot hold. Each
   * must be a problem+json 4xx, whichever service owns the path.
   */
  @Test
  void inputsThatOnceCausedServerErrorsAreProblemsNow() {
    // an admin of its own: the first admin's 60 requests a minute are other tests' too
    String email = "admin-" + UUID.randomUUID() + "@system.test";
    String id = register(email);
    as(login(Suite.ADMIN_EMAIL, Suite.ADMIN_PASSWORD))
        .contentType(ContentType.JSON)
        .body(Map.of("roles", List.of("admin")))
        .post("/api/v1/admin/users/" + id + "/roles")
        .then()
        .statusCode(200);
    String admin = login(email, PASSWORD);
    String far = "+999999999-12-31T23:59:59Z";
    List<RequestSpecification> hostile =
        List.of(
            as(admin).contentType(ContentType.JSON).body("{\"name\":\"a\\u0000\"}"),
            as(admin).contentType(ContentType.JSON).body(""),
            as(admin).queryParam("from", far),
            as(admin).queryParam("to", "-4714-01-01T00:00:00Z"),
            as(admin).queryParam("to", far),
            as(admin).queryParam("to", far),
            as(admin)
                .contentType(ContentType.JSON)
                .body(
                    Map.of("matchers", List.of(Map.of("name", "a", "value", "b")), "ends_at", far)),
            as(admin)
                .contentType("text/csv")
                .queryParam("symbol", SYMBOL)
                .queryParam("timeframe", "1Min")
                .body(
                    "timestamp,open,high,low,close,volume\n2024-03-04T14:30:00Z,1,1e999999,1,1,1\n"));
    List<String> targets =
        List.of(
            "POST /api/v1/auth/api-keys",
            "POST /api/v1/market/ingest",
            "GET /api/v1/market/bars/" + SYMBOL,
            "GET /api/v1/analysis/" + SYMBOL + "/signals",
            "GET /api/v1/alerts",
            "GET /api/v1/market/gaps/" + SYMBOL,
            "POST /api/v1/alerts/silences",
            "POST /api/v1/market/bars");
    for (int i = 0; i < targets.size(); i++) {
      String[] target = targets.get(i).split(" ", 2);
      Response response = hostile.get(i).request(target[0], target[1]);
      assertThat(response.statusCode()).as(targets.get(i)).isBetween(400, 499).isNotEqualTo(429);
      assertThat(response.contentType()).as(targets.get(i)).startsWith("application/problem+json");
    }
  }

  @Test
  void aLongIdIsAProblemFromTheServiceNotABodiless414() {
    String token = login(Suite.ADMIN_EMAIL, Suite.ADMIN_PASSWORD);
    String id = "x".repeat(6000);
    for (String path :
        List.of(
            "/api/v1/orders/",
            "/api/v1/market/symbols/",
            "/api/v1/analysis/reports/",
            "/api/v1/alerts/")) {
      // within the gateway's request-line limit: every service must accept the line too
      as(token).get(path + id).then().statusCode(404).contentType("application/problem+json");
    }
  }

  /**
   * Waits as a polite client does: one look every two seconds, so a minute of waiting stays well
   * inside the gateway's 60 requests per minute.
   */
  private static ConditionFactory eventually() {
    return await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2));
  }

  // --- the client side -------------------------------------------------------------------

  private static RequestSpecification as(String token) {
    return given().baseUri(suite.gateway()).auth().oauth2(token);
  }

  private static String register(String email) {
    return given()
        .baseUri(suite.gateway())
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(201)
        .body("id", notNullValue())
        .extract()
        .path("id");
  }

  private static String login(String email, String password) {
    return given()
        .baseUri(suite.gateway())
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", password))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(200)
        .body("token_type", org.hamcrest.Matchers.equalTo("Bearer"))
        .extract()
        .path("access_token");
  }

  /** Enrols TOTP as an authenticator app would and trades the code for an `amr: otp` token. */
  private static String withSecondFactor(String token) {
    String secret =
        as(token)
            .post("/api/v1/auth/2fa/enroll")
            .then()
            .statusCode(org.hamcrest.Matchers.oneOf(200, 201))
            .extract()
            .path("secret");
    return as(token)
        .contentType(ContentType.JSON)
        .body(Map.of("code", Totp.code(secret, Instant.now())))
        .post("/api/v1/auth/2fa/verify")
        .then()
        .statusCode(200)
        .extract()
        .path("access_token");
  }

  private static String newTraderWithSecondFactor() {
    String email = "trader-" + UUID.randomUUID() + "@system.test";
    register(email);
    return withSecondFactor(login(email, PASSWORD));
  }

  /**
   * Places an order; while trading has not yet learnt the symbol's price from md.bars.v1 (the bars
   * were imported a moment ago), it asks again, as a client would after a 422 naming the price.
   */
  private static Map<String, Object> marketBuy(String symbol, String qty) {
    return Map.of(
        "symbol", symbol, "side", "buy", "type", "market", "qty", qty, "time_in_force", "day");
  }

  private static Map<String, Object> limitBuy(String symbol, String qty, String limitPrice) {
    return Map.of(
        "symbol",
        symbol,
        "side",
        "buy",
        "type",
        "limit",
        "qty",
        qty,
        "limit_price",
        limitPrice,
        "time_in_force",
        "gtc");
  }

  private static Response order(String token, Map<String, Object> body) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Response response = as(token).contentType(ContentType.JSON).body(body).post("/api/v1/orders");
      boolean noPriceYet =
          response.statusCode() == 422
              && List.of("unknown_symbol", "quote_unavailable", "stale_quote")
                  .contains(response.<String>path("reason"));
      boolean limited = response.statusCode() == 429;
      if (!(noPriceYet || limited) || System.nanoTime() > deadline) {
        return response;
      }
      // as a client should: after a 429 wait what Retry-After says
      ServiceProcess.sleep(limited ? 1000L * Long.parseLong(response.header("Retry-After")) : 2000);
    }
  }

  private static void importBars(String admin, String timeframe, List<Map<String, Object>> bars) {
    importBars(admin, SYMBOL, timeframe, bars);
  }

  private static void importBars(
      String admin, String symbol, String timeframe, List<Map<String, Object>> bars) {
    as(admin)
        .contentType(ContentType.JSON)
        .body(Map.of("symbol", symbol, "timeframe", timeframe, "bars", bars))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(200);
  }

  private static double lastCloseValue = 0;

  private static double lastClose() {
    return lastCloseValue;
  }

  /** 70 one-minute bars falling by 0.5, then five rising by 3: RSI climbs back over 30. */
  private static List<Map<String, Object>> falling65ThenRising() {
    Instant last = nowMinute().minus(3, ChronoUnit.MINUTES);
    List<Map<String, Object>> bars = new ArrayList<>();
    double close = 100;
    int count = 75;
    for (int i = 0; i < count; i++) {
      close += i < 70 ? -0.5 : 3;
      bars.add(bar(last.minus(count - 1 - i, ChronoUnit.MINUTES), close));
    }
    lastCloseValue = close;
    return bars;
  }

  private static Instant nowMinute() {
    return Instant.now().truncatedTo(ChronoUnit.MINUTES);
  }

  private static Map<String, Object> bar(Instant start, double close) {
    return barWithRange(start, close, close - 0.3, close + 0.3, close);
  }

  private static Map<String, Object> barWithRange(
      Instant start, double close, double low, double high, double open) {
    Map<String, Object> bar = new LinkedHashMap<>();
    bar.put("start", start.toString());
    bar.put("open", String.format("%.2f", open));
    bar.put("high", String.format("%.2f", Math.max(high, Math.max(open, close))));
    bar.put("low", String.format("%.2f", Math.min(low, Math.min(open, close))));
    bar.put("close", String.format("%.2f", close));
    bar.put("volume", 50_000);
    return bar;
  }

  private static String subject(jakarta.mail.internet.MimeMessage message) {
    try {
      return String.valueOf(message.getSubject());
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long deliveriesMentioning(String text) {
    return suite.pagerDuty.findAll(postRequestedFor(urlPathEqualTo("/v2/enqueue"))).stream()
            .filter(r -> r.getBodyAsString().contains(text))
            .count()
        + suite
            .slack
            .findAll(postRequestedFor(urlPathEqualTo("/services/T000/B000/system-test")))
            .stream()
            .filter(r -> r.getBodyAsString().contains(text))
            .count();
  }
}
