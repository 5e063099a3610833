package io.quantvision.testing.contract;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.quantvision.testing.infra.DatabaseOutage;
import io.quantvision.testing.infra.ServiceTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every service promises about its health (DESIGN.md): readiness reflects its own database and
 * Redis, liveness does not; a database outage makes it not ready (503) and it recovers by itself. A
 * service's {@code ReadinessTest} extends this and adds nothing; so does its {@code ReadinessIT},
 * which holds the packaged application (the jar the image ships) to the same promise.
 */
public abstract class ReadinessContract {

  // management URLs are relative to its root path, /q
  @TestHTTPResource(value = "/health/ready", management = true)
  URL readyUrl;

  @TestHTTPResource(value = "/health/live", management = true)
  URL liveUrl;

  URL ready;
  URL live;

  @BeforeEach
  void resolveManagementUrls() {
    ready = ManagementInterface.at(readyUrl);
    live = ManagementInterface.at(liveUrl);
  }

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void isReadyWhenItsDatabaseAndRedisAnswer() {
    given()
        .get(ready)
        .then()
        .statusCode(200)
        .body("status", is("UP"))
        .body(
            "checks.name",
            hasItems("Database connections health check", "Redis connection health check"));
  }

  @Test
  void isNotReadyButStaysAliveWhileItsDatabaseIsUnreachable() throws Exception {
    try (DatabaseOutage outage = DatabaseOutage.begin(ownDatabase())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> given().get(ready).then().statusCode(503).body("status", is("DOWN")));
      given().get(live).then().statusCode(200).body("status", is("UP"));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> given().get(ready).then().statusCode(200).body("status", is("UP")));
  }

  private static String ownDatabase() {
    String inUse = System.getProperty(ServiceTestResource.DATABASE_IN_USE);
    if (inUse != null) {
      return inUse;
    }
    String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    return URI.create(url.substring("jdbc:".length())).getPath().substring(1);
  }
}
