package io.quantvision.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.quantvision.alert.Fixtures.fire;
import static io.quantvision.alert.Fixtures.newName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MonitoringTest {

  private static final String ADMIN = TestTokens.admin("sre");

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  // other tests leave alerts firing and deliveries behind: start from a quiet platform
  @BeforeEach
  void quiet() {
    Fixtures.update(
        "UPDATE alert SET status = 'resolved', resolved_at = now() WHERE status <> 'resolved'");
    Fixtures.update(
        "UPDATE delivery SET status = 'delivered', delivered_at = now(), last_error = NULL"
            + " WHERE status IN ('pending', 'sending', 'failed')");
  }

  @Test
  void reportsEveryServiceAndDependencyReadyAndTheStatusGreen() {
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/monitoring/health")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("services", hasSize(5))
        .body("services.ready", everyItem(equalTo(true)))
        .body("services.name", hasItem("trading-service"))
        .body("postgresql.ready", equalTo(true))
        .body("redis.ready", equalTo(true))
        .body("channels.channel", hasItem("pagerduty"))
        .body("channels.configured", everyItem(equalTo(true)));
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/monitoring/status")
        .then()
        .statusCode(200)
        .body("status", equalTo("green"))
        .body("reasons", hasSize(0));
  }

  @Test
  void aFiringWarningTurnsTheStatusYellowAndACriticalOneRed() {
    String warning = newName("DiskFilling");
    fire(warning, "warning");
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/monitoring/status")
        .then()
        .body("status", equalTo("yellow"))
        .body("reasons", hasItem("1 warning alert(s) firing"));
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/monitoring/alerts")
        .then()
        .body("items.labels.alertname", hasItem(warning));

    fire(newName("DbDown"), "critical");
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/monitoring/status")
        .then()
        .body("status", equalTo("red"))
        .body("reasons[0]", equalTo("1 critical alert(s) firing"));
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/monitoring/metrics")
        .then()
        .statusCode(200)
        .body("alerts_active.critical", equalTo(1))
        .body("alerts_active.warning", equalTo(1))
        .body("deliveries_pending", notNullValue());
  }

  @Test
  void aServiceThatIsNotReadyTurnsTheStatusRed() {
    StubMapping down =
        Stubs.http()
            .stubFor(
                get(urlPathEqualTo(Stubs.healthBase("trading-service") + "/q/health/ready"))
                    .atPriority(1)
                    .willReturn(
                        aResponse()
                            .withStatus(503)
                            .withBody("{\"status\":\"DOWN\",\"checks\":[]}")));
    try {
      given()
          .auth()
          .oauth2(ADMIN)
          .get("/api/v1/monitoring/health")
          .then()
          .body("status", equalTo("DOWN"))
          .body("services.find { it.name == 'trading-service' }.ready", equalTo(false))
          .body("services.find { it.name == 'trading-service' }.detail", equalTo("HTTP 503"));
      given()
          .auth()
          .oauth2(ADMIN)
          .get("/api/v1/monitoring/status")
          .then()
          .body("status", equalTo("red"))
          .body("reasons", hasItem(startsWith("trading-service not ready")));
    } finally {
      Stubs.http().removeStub(down);
    }
  }

  @Test
  void theMonitoringApiIsForAdminsOnly() {
    given()
        .auth()
        .oauth2(TestTokens.trader("t"))
        .get("/api/v1/monitoring/status")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("request_id", notNullValue());
    given()
        .get("/api/v1/monitoring/health")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }
}
