package io.quantvision.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import io.quantvision.gateway.Fixtures;
import io.quantvision.testing.infra.RedisProxy;
import io.quantvision.testing.infra.TcpProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Redis cut mid-test: after three failed decisions this instance limits on its own, with its share
 * of the budget (two instances configured: 30 of the 60 a minute), and goes back to Redis once it
 * answers again.
 */
@QuarkusTest
@TestProfile(RedisOutageTest.TwoInstances.class)
class RedisOutageTest {

  public static class TwoInstances extends ProductionLimits {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(super.getConfigOverrides());
      config.put("qv.rate-limit.fallback-instances", "2");
      config.put("qv.rate-limit.fallback-after", "3");
      return config;
    }
  }

  @RedisProxy TcpProxy redisProxy;
  @Inject RateLimiter limiter;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metricsUrl;

  private String metrics() {
    return given().get(metricsUrl).then().statusCode(200).extract().asString();
  }

  @Test
  void localLimiterTakesOverWhileRedisIsGoneAndRedisReturnsAfterwards() throws Exception {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    RateLimitTest.avoidMinuteBoundary();
    String token = Fixtures.tokenFor(Fixtures.newUser());
    redisProxy.cut();
    try {
      for (int i = 1; i <= 30; i++) {
        given()
            .auth()
            .oauth2(token)
            .when()
            .get("/api/v1/market/symbols")
            .then()
            .statusCode(200)
            .header("RateLimit", notNullValue());
        // two failures are not yet an outage; the third switches the instance
        assertThat(limiter.onFallback())
            .as("on the local limiter after %d failures", i)
            .isEqualTo(i >= 3);
      }
      // still limited, by this instance alone, to its half of the 60 a minute
      given()
          .auth()
          .oauth2(token)
          .when()
          .get("/api/v1/market/symbols")
          .then()
          .statusCode(429)
          .header("Retry-After", notNullValue());
      String metrics = metrics();
      assertThat(metrics)
          .contains("qv_gateway_ratelimit_fallback_active{")
          .containsPattern("qv_gateway_ratelimit_fallback_active\\{[^}]*} 1\\.0")
          .containsPattern(
              "qv_gateway_ratelimit_decisions_total\\{[^}]*limiter=\"local\"[^}]*outcome=\"allowed\"[^}]*} [1-9]");
    } finally {
      redisProxy.restore();
    }
    String other = Fixtures.tokenFor(Fixtures.newUser());
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              given()
                  .auth()
                  .oauth2(other)
                  .when()
                  .get("/api/v1/market/symbols")
                  .then()
                  .statusCode(200);
              assertThat(limiter.onFallback()).isFalse();
            });
    assertThat(metrics()).containsPattern("qv_gateway_ratelimit_fallback_active\\{[^}]*} 0\\.0");
  }
}
