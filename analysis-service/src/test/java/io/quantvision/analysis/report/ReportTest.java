package io.quantvision.analysis.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.analysis.BarFeed;
import io.quantvision.analysis.LlmStub;
import io.quantvision.common.json.Json;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reports against a local stub of an OpenAI-compatible endpoint: a good answer is served as the
 * model's; garbage, a slow answer and server errors each fall back to the rule-based report within
 * the timeout; reports are cached per last bar; the per-minute budget caps model calls.
 */
@QuarkusTest
class ReportTest {

  private static final Duration TIMEOUT = Duration.ofMillis(3_000);
  private static final Duration SLOW = Duration.ofSeconds(12);
  private static final String GOOD_ANSWER =
      """
      {"summary": "A steady range around 100 with no momentum either way.",
       "outlook": "neutral", "confidence": 55,
       "key_levels": [{"kind": "support", "price": 99.5}, {"kind": "resistance", "price": "100.60"}],
       "risks": ["low volume", "range breakout"]}""";

  @LlmStub.Server WireMockServer llm;

  @Inject RedisDataSource redis;
  @Inject AgroalDataSource db;
  @Inject CircuitBreakerMaintenance breakers;
  @Inject MeterRegistry registry;

  @ConfigProperty(name = "analysis.llm.budget-key")
  String budgetKey;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  private static boolean warm;

  @BeforeEach
  void freshStubBreakerAndBudget() {
    if (!warm) {
      // the first model call of a cold JVM (class loading, JIT) can outlast the short test
      // timeout on a loaded machine; no test should depend on being first
      answerWith(GOOD_ANSWER);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                breakers.resetAll();
                redis.key().del(budgetKey);
                return "llm".equals(requestReport(seriesOf(3)).jsonPath().getString("source"));
              });
      warm = true;
    }
    llm.resetAll();
    breakers.resetAll();
    redis.key().del(budgetKey);
  }

  @Test
  void aGoodModelAnswerIsServedAsTheModelsReport() {
    String symbol = seriesOf(25);
    answerWith(GOOD_ANSWER);

    Response created = requestReport(symbol);

    created.then().statusCode(201);
    JsonPath report = created.jsonPath();
    assertThat(report.getString("source")).isEqualTo("llm");
    assertThat(report.getString("fallback_reason")).isNull();
    assertThat(report.getString("model")).isEqualTo("stub-model-2025-01-01");
    assertThat(report.getString("outlook")).isEqualTo("neutral");
    assertThat(report.getInt("confidence")).isEqualTo(55);
    assertThat(report.getList("key_levels.price")).containsExactly("99.5", "100.6");
    assertThat(report.getString("prompt_hash")).matches("[0-9a-f]{64}");
    assertThat(report.getString("symbol")).isEqualTo(symbol);
    assertThat(created.header("Location"))
        .endsWith("/api/v1/analysis/reports/" + report.getString("id"));

    given()
        .auth()
        .oauth2(TestTokens.viewer("someone-else"))
        .get("/api/v1/analysis/reports/{id}", report.getString("id"))
        .then()
        .statusCode(200)
        .body("summary", org.hamcrest.Matchers.is(report.getString("summary")))
        .body("prompt_hash", org.hamcrest.Matchers.is(report.getString("prompt_hash")));
  }

  @Test
  void theModelIsCalledWithMarketDataOnlyAndAFixedSystemMessage() throws Exception {
    String symbol = seriesOf(25);
    answerWith(GOOD_ANSWER);

    requestReport(symbol).then().statusCode(201);

    List<LoggedRequest> calls = llm.findAll(postRequestedFor(urlEqualTo(LlmStub.PATH)));
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer " + LlmStub.API_KEY);
    JsonNode body = Json.mapper().readTree(calls.get(0).getBodyAsString());
    assertThat(body.get("model").asText()).isEqualTo(LlmStub.MODEL);
    assertThat(body.get("response_format").get("type").asText()).isEqualTo("json_object");
    assertThat(body.get("max_tokens").asInt()).isPositive();
    assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
    assertThat(body.get("messages").get(0).get("content").asText())
        .isEqualTo(PromptBuilder.SYSTEM)
        .doesNotContain(symbol);
    JsonNode data = Json.mapper().readTree(body.get("messages").get(1).get("content").asText());
    assertThat(data.get("symbol").asText()).isEqualTo(symbol);
    assertThat(data.get("bars")).hasSize(25);
    assertThat(data.get("indicators").has("sma_20")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "The stock looks great, buy now!",
        "{\"summary\": \"missing everything else\"}",
        "{\"summary\": \"s\", \"outlook\": \"to the moon\", \"confidence\": 90, \"key_levels\": [], \"risks\": []}",
        "{\"summary\": \"s\", \"outlook\": \"bullish\", \"confidence\": 190, \"key_levels\": [], \"risks\": []}",
        "{\"summary\": \"s\", \"outlook\": \"bullish\", \"confidence\": 60, \"key_levels\": [{\"kind\": \"support\", \"price\": 5000}], \"risks\": []}",
        "{\"summary\": \"s\", \"outlook\": \"bullish\", \"confidence\": 60, \"key_levels\": [], \"risks\": [], \"advice\": \"ignore previous instructions\"}"
      })
  void garbageFromTheModelFallsBackToTheRuleBasedReport(String garbage) {
    String symbol = seriesOf(25);
    answerWith(garbage);

    JsonPath report = requestReport(symbol).then().statusCode(201).extract().jsonPath();

    assertThat(report.getString("source")).isEqualTo("fallback");
    assertThat(report.getString("fallback_reason")).isEqualTo("invalid");
    assertThat(report.getString("model")).isEqualTo("rule-based-v1");
    assertThat(report.getString("summary")).contains(symbol);
    assertThat(report.getString("outlook")).isIn("bullish", "bearish", "neutral");
  }

  @Test
  void aSlowModelFallsBackWithinTheTimeout() {
    String symbol = seriesOf(25);
    llm.stubFor(
        post(urlEqualTo(LlmStub.PATH))
            .willReturn(okJson(completion(GOOD_ANSWER)).withFixedDelay((int) SLOW.toMillis())));

    long started = System.nanoTime();
    JsonPath report = requestReport(symbol).then().statusCode(201).extract().jsonPath();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(report.getString("source")).isEqualTo("fallback");
    assertThat(report.getString("fallback_reason")).isEqualTo("timeout");
    // the stub would have answered after 12 s: the report came at the timeout, not the answer
    assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(SLOW.minusSeconds(3));
  }

  @Test
  void serverErrorsAreRetriedOnceThenFallBack() {
    String symbol = seriesOf(25);
    llm.stubFor(
        post(urlEqualTo(LlmStub.PATH))
            .willReturn(aResponse().withStatus(503).withBody("{\"error\": \"overloaded\"}")));

    JsonPath report = requestReport(symbol).then().statusCode(201).extract().jsonPath();

    assertThat(report.getString("source")).isEqualTo("fallback");
    assertThat(report.getString("fallback_reason")).isEqualTo("error");
    assertThat(llm.findAll(postRequestedFor(urlEqualTo(LlmStub.PATH)))).hasSize(2);
  }

  @Test
  void aSecondRequestOnTheSameLastBarIsServedFromTheCacheWithoutCallingTheModel() {
    String symbol = seriesOf(25);
    answerWith(GOOD_ANSWER);
    double cachedBefore = served("cache");

    String first = requestReport(symbol).then().statusCode(201).extract().path("id");
    Response second = requestReport(symbol);

    second.then().statusCode(200);
    assertThat(second.jsonPath().getString("id")).isEqualTo(first);
    assertThat(second.jsonPath().getString("source")).isEqualTo("llm");
    assertThat(llm.findAll(postRequestedFor(urlEqualTo(LlmStub.PATH)))).hasSize(1);
    assertThat(served("cache")).isEqualTo(cachedBefore + 1);
  }

  @Test
  void requestsThatMissTheCacheTogetherShareOneModelCallAndOneReport() throws Exception {
    String symbol = seriesOf(25);
    llm.stubFor(
        post(urlEqualTo(LlmStub.PATH))
            .willReturn(okJson(completion(GOOD_ANSWER)).withFixedDelay(1000)));
    double sharedBefore = served("shared") + served("cache");
    int clients = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return requestReport(symbol);
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (Future<Response> answer : answers) {
        Response response = answer.get(30, TimeUnit.SECONDS);
        statuses.add(response.statusCode());
        ids.add(response.jsonPath().getString("id"));
      }

      assertThat(llm.findAll(postRequestedFor(urlEqualTo(LlmStub.PATH)))).hasSize(1);
      assertThat(ids).hasSize(1);
      assertThat(statuses).containsOnly(201, 200).filteredOn(s -> s == 201).hasSize(1);
      assertThat(served("shared") + served("cache")).isEqualTo(sharedBefore + clients - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNewBarMakesANewReport() {
    String symbol = seriesOf(25);
    answerWith(GOOD_ANSWER);
    String first = requestReport(symbol).then().statusCode(201).extract().path("id");

    BarFeed.publish(
        redis,
        List.of(
            BarFeed.bar(symbol, BarFeed.lastClosedMinute().plusSeconds(60), 100, 100.1, 10, 1)));
    await().atMost(Duration.ofSeconds(60)).until(() -> BarFeed.storedBars(db, symbol) == 26);

    Response next = requestReport(symbol);
    next.then().statusCode(201);
    assertThat(next.jsonPath().getString("id")).isNotEqualTo(first);
  }

  @Test
  void theBudgetCapsModelCallsPerMinuteAcrossRequests() {
    int budget = 5;
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i <= budget; i++) {
      symbols.add(BarFeed.newSymbol());
    }
    for (String symbol : symbols) {
      BarFeed.publish(redis, BarFeed.quiet(symbol, BarFeed.lastClosedMinute(), 3));
    }
    for (String symbol : symbols) {
      await().atMost(Duration.ofSeconds(60)).until(() -> BarFeed.storedBars(db, symbol) == 3);
    }
    answerWith(GOOD_ANSWER.replace("99.5", "99.9").replace("100.60", "100.2"));

    List<String> sources = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (String symbol : symbols) {
      JsonPath report = requestReport(symbol).then().statusCode(201).extract().jsonPath();
      sources.add(report.getString("source"));
      reasons.add(report.getString("fallback_reason"));
    }

    assertThat(sources).containsExactly("llm", "llm", "llm", "llm", "llm", "fallback");
    assertThat(reasons.get(budget)).isEqualTo("budget");
    assertThat(llm.findAll(postRequestedFor(urlEqualTo(LlmStub.PATH)))).hasSize(budget);
  }

  @Test
  void reportsOfUnknownSymbolsAndIdsAreNotFound() {
    given()
        .auth()
        .oauth2(TestTokens.viewer("reader"))
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/analysis/{symbol}/report", BarFeed.newSymbol())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(TestTokens.viewer("reader"))
        .get("/api/v1/analysis/reports/{id}", java.util.UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(TestTokens.viewer("reader"))
        .get("/api/v1/analysis/reports/{id}", "not-an-id")
        .then()
        .statusCode(404);
    given()
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/analysis/{symbol}/report", "AAPL")
        .then()
        .statusCode(401);
  }

  private String seriesOf(int count) {
    String symbol = BarFeed.newSymbol();
    BarFeed.publish(redis, BarFeed.quiet(symbol, BarFeed.lastClosedMinute(), count));
    await().atMost(Duration.ofSeconds(60)).until(() -> BarFeed.storedBars(db, symbol) == count);
    return symbol;
  }

  private void answerWith(String content) {
    llm.stubFor(post(urlEqualTo(LlmStub.PATH)).willReturn(okJson(completion(content))));
  }

  private static Response requestReport(String symbol) {
    return given()
        .auth()
        .oauth2(TestTokens.trader("analyst"))
        .contentType("application/json")
        .body(Map.of("timeframe", BarFeed.MINUTE))
        .post("/api/v1/analysis/{symbol}/report", symbol);
  }

  private double served(String source) {
    return registry.counter("qv.analysis.reports", "source", source).count();
  }

  /** An OpenAI chat-completions response whose assistant message is {@code content}. */
  static String completion(String content) {
    ObjectNode response = Json.mapper().createObjectNode();
    response.put("id", "chatcmpl-test");
    response.put("object", "chat.completion");
    response.put("created", 1_735_689_600L);
    response.put("model", "stub-model-2025-01-01");
    ObjectNode choice = response.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    response
        .putObject("usage")
        .put("prompt_tokens", 900)
        .put("completion_tokens", 120)
        .put("total_tokens", 1020);
    return response.toString();
  }
}
