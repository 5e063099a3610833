package io.quantvision.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantvision.gateway.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ProductionLimits.class)
class RateLimitTest {

  private static final int PER_MINUTE = 60;
  private static final int CONCURRENT = 200;

  @Inject RedisAPI redis;
  @Inject Vertx vertx;
  @Inject RateLimitConfig config;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void everyResponseCarriesThePolicyAndWhatIsLeft() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    given()
        .auth()
        .oauth2(token)
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(200)
        .header("RateLimit-Policy", "\"minute\";q=60;w=60, \"hour\";q=1000;w=3600")
        .header("RateLimit", matchesPattern("\"minute\";r=59;t=\\d+"));
    given()
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .get("/api/v1/no-such-thing")
        .then()
        .statusCode(404)
        .header("RateLimit-Policy", notNullValue())
        .header("RateLimit", matchesPattern("\"minute\";r=59;t=\\d+"));
  }

  @Test
  void spentBudgetIs429WithRetryAfterAndProblem() {
    avoidMinuteBoundary();
    String token = Fixtures.tokenFor(Fixtures.newUser());
    for (int i = 0; i < PER_MINUTE; i++) {
      given().auth().oauth2(token).when().get("/api/v1/market/symbols").then().statusCode(200);
    }
    given()
        .auth()
        .oauth2(token)
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", matchesPattern("\\d+"))
        .header("RateLimit", matchesPattern("\"minute\";r=0;t=\\d+"))
        .body("status", equalTo(429))
        .body("request_id", notNullValue());
    // another principal is not affected
    given()
        .auth()
        .oauth2(Fixtures.tokenFor(Fixtures.newUser()))
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(200);
  }

  @Test
  void loginAndTwoFactorStepsHaveAStricterPerIpBudget() {
    avoidMinuteBoundary();
    String ip = Fixtures.newClientIp();
    for (int i = 0; i < config.auth().perMinute(); i++) {
      int status =
          given()
              .header("X-Forwarded-For", ip)
              .contentType("application/json")
              .body("{}")
              .when()
              .post(i % 2 == 0 ? "/api/v1/auth/login" : "/api/v1/auth/2fa/verify")
              .then()
              .header("RateLimit-Policy", "\"auth-minute\";q=10;w=60, \"auth-hour\";q=100;w=3600")
              .extract()
              .statusCode();
      assertThat(status).isNotEqualTo(429);
    }
    given()
        .header("X-Forwarded-For", ip)
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/api/v1/auth/login")
        .then()
        .statusCode(429)
        .header("Retry-After", notNullValue());
  }

  @Test
  void twoHundredConcurrentRequestsAdmitExactlyTheLimit() throws Exception {
    avoidMinuteBoundary();
    String token = Fixtures.tokenFor(Fixtures.newUser());
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://localhost:" + RestAssured.port + "/api/v1/market/symbols");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<CompletableFuture<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return client
                        .send(
                            HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                  } catch (Exception e) {
                    return -1;
                  }
                },
                pool));
      }
      Map<Integer, Long> byStatus =
          calls.stream()
              .map(CompletableFuture::join)
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(byStatus)
          .containsEntry(200, (long) PER_MINUTE)
          .containsEntry(429, (long) (CONCURRENT - PER_MINUTE));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoLimiterInstancesSharingRedisAdmitExactlyTheLimitTogether() {
    avoidMinuteBoundary();
    RateLimiter first = new RateLimiter(redis, vertx, config, new SimpleMeterRegistry());
    RateLimiter second = new RateLimiter(redis, vertx, config, new SimpleMeterRegistry());
    Policy policy =
        new Policy(
            "std",
            List.of(
                new Policy.Window("minute", PER_MINUTE, 60),
                new Policy.Window("hour", 1000, 3600)));
    String principal = "user:" + Fixtures.newUser();
    List<Future<Decision>> decisions = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      decisions.add((i % 2 == 0 ? first : second).decide(principal, policy));
    }
    Future.all(decisions).toCompletionStage().toCompletableFuture().join();
    long allowed = decisions.stream().filter(f -> f.result().allowed()).count();
    assertThat(decisions)
        .allSatisfy(f -> assertThat(f.result().backend()).isEqualTo(Decision.Backend.REDIS));
    assertThat(allowed).isEqualTo(PER_MINUTE);
    assertThat(decisions)
        .filteredOn(f -> !f.result().allowed())
        // a full window decays only once the next one starts: the wait may pass 60 s
        .allSatisfy(f -> assertThat(f.result().retryAfterMillis()).isBetween(1L, 61_000L));
  }

  /** The sliding window's estimate moves at a minute boundary; do not start a burst just before. */
  static void avoidMinuteBoundary() {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 45_000) {
      try {
        Thread.sleep(60_000 - intoMinute + 200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
