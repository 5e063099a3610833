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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ProductionLimits.class)
class RedisOutageTest {

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
      for (int i = 0; i < 60; i++) {
        given()
            .auth()
            .oauth2(token)
            .when()
            .get("/api/v1/market/symbols")
            .then()
            .statusCode(200)
            .header("RateLimit", notNullValue());
      }
      assertThat(limiter.onFallback()).isTrue();
      // still limited, by this instance alone
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
