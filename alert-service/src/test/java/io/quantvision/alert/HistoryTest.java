package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.labels;
import static io.quantvision.alert.Fixtures.newFingerprint;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HistoryTest {

  private static final String ADMIN = TestTokens.admin("auditor");

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void pagesThroughATimeRangeNewestFirstWithoutGapsOrRepeats() {
    // first seen = Alertmanager's startsAt: a time range no other test uses
    Instant base =
        Instant.parse("2001-01-01T00:00:00Z")
            .plus(ThreadLocalRandom.current().nextInt(0, 100_000), ChronoUnit.HOURS);
    List<String> fingerprints = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String fingerprint = newFingerprint();
      fingerprints.add(fingerprint);
      Fixtures.fire(
          fingerprint, base.plusSeconds(i), labels("History" + i, "info"), "history " + i);
    }

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      var request =
          given()
              .auth()
              .oauth2(ADMIN)
              .queryParam("from", base.toString())
              .queryParam("to", base.plusSeconds(5).toString())
              .queryParam("severity", "info")
              .queryParam("limit", 2);
      if (token != null) {
        request.queryParam("page_token", token);
      }
      JsonPath page = request.get("/api/v1/alerts").then().statusCode(200).extract().jsonPath();
      seen.addAll(page.getList("items.fingerprint", String.class));
      token = page.getString("next_page_token");
      pages++;
    } while (token != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(fingerprints.reversed());
  }

  @Test
  void refusesABadFilterOrPageTokenAsProblemJson() {
    given()
        .auth()
        .oauth2(ADMIN)
        .queryParam("severity", "urgent")
        .get("/api/v1/alerts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("request_id", notNullValue());
    given()
        .auth()
        .oauth2(ADMIN)
        .queryParam("page_token", "not-a-token")
        .get("/api/v1/alerts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(ADMIN)
        .queryParam("from", "yesterday")
        .get("/api/v1/alerts")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(ADMIN)
        .queryParam("to", "+999999999-12-31T23:59:59Z")
        .get("/api/v1/alerts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/alerts/" + java.util.UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("status", equalTo(404))
        .body("errors", nullValue());
  }
}
