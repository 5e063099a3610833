package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.fire;
import static io.quantvision.alert.Fixtures.labels;
import static io.quantvision.alert.Fixtures.newFingerprint;
import static io.quantvision.alert.Fixtures.newName;
import static io.quantvision.alert.Fixtures.pagerDutyEvents;
import static io.quantvision.alert.Fixtures.slackMessages;
import static io.quantvision.alert.Fixtures.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SuppressionTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final String ADMIN = TestTokens.admin("ops-lead");

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void aSilencedAlertIsRecordedButNotifiesNobodyUntilTheSilenceIsExpired() throws Exception {
    String name = newName("Maintenance");
    String id =
        given()
            .auth()
            .oauth2(ADMIN)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "matchers", List.of(Map.of("name", "alertname", "value", name)),
                    "ends_at", Instant.now().plusSeconds(3600).toString(),
                    "comment", "database upgrade"))
            .post("/api/v1/alerts/silences")
            .then()
            .statusCode(201)
            .body("status", equalTo("active"))
            .body("created_by", equalTo("ops-lead"))
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(ADMIN)
        .get("/api/v1/alerts/silences")
        .then()
        .body("items.id", hasItem(id));

    String fingerprint = newFingerprint();
    Map<String, String> labels = labels(name, "critical");
    fire(fingerprint, Instant.now().minusSeconds(5), labels, "silenced");
    assertThat(text("SELECT suppressed_by FROM alert WHERE fingerprint = ?", fingerprint))
        .isEqualTo("silence:" + id);
    Thread.sleep(1000);
    assertThat(pagerDutyEvents(fingerprint)).isEmpty();

    given()
        .auth()
        .oauth2(ADMIN)
        .delete("/api/v1/alerts/silences/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("expired"));
    // the next occurrence after the silence is notified, once
    fire(fingerprint, Instant.now(), labels, "silenced");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(pagerDutyEvents(fingerprint)).hasSize(1));
    assertThat(text("SELECT suppressed_by FROM alert WHERE fingerprint = ?", fingerprint)).isNull();
  }

  @Test
  void silencesAreForAdminsAndNeedAUsefulMatcher() {
    given()
        .auth()
        .oauth2(TestTokens.trader("t1"))
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "matchers",
                List.of(Map.of("name", "a", "value", "b")),
                "ends_at",
                Instant.now().plusSeconds(60).toString()))
        .post("/api/v1/alerts/silences")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(ADMIN)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "matchers",
                List.of(Map.of("name", "a", "value", "")),
                "ends_at",
                Instant.now().plusSeconds(60).toString()))
        .post("/api/v1/alerts/silences")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(ADMIN)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "matchers",
                List.of(Map.of("name", "a", "value", "b")),
                "ends_at",
                Instant.now().minusSeconds(60).toString()))
        .post("/api/v1/alerts/silences")
        .then()
        .statusCode(400);
    // a silence "forever": a time PostgreSQL cannot store is refused, not a 500
    given()
        .auth()
        .oauth2(ADMIN)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "matchers",
                List.of(Map.of("name", "a", "value", "b")),
                "ends_at",
                "+999999999-12-31T23:59:59Z"))
        .post("/api/v1/alerts/silences")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void aServiceDownAlertInhibitsThatServicesOtherAlertsOnly() {
    String service = newName("svc-");
    String down = fire("ServiceDown", "critical", "service", service);
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(pagerDutyEvents(down)).hasSize(1));

    String latencyName = newName("HighLatencyP95");
    String latency = fire(latencyName, "warning", "service", service);
    assertThat(text("SELECT suppressed_by FROM alert WHERE fingerprint = ?", latency))
        .isEqualTo("inhibited:" + down);
    String otherName = newName("HighLatencyP95");
    fire(otherName, "warning", "service", newName("other-"));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(slackMessages(otherName)).hasSize(1));
    assertThat(slackMessages(latencyName)).isEmpty();
    given()
        .auth()
        .oauth2(ADMIN)
        .queryParam("severity", "warning")
        .get("/api/v1/alerts")
        .then()
        .body(
            "items.find { it.fingerprint == '" + latency + "' }.suppressed_by",
            startsWith("inhibited:"));
  }

  @Test
  void aStillFiringAlertIsNotifiedAgainAfterTheRepeatInterval() throws Exception {
    String name = newName("Repeat");
    String fingerprint = newFingerprint();
    Map<String, String> labels = labels(name, "critical");
    fire(fingerprint, Instant.now().minusSeconds(30), labels, "still broken");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(pagerDutyEvents(fingerprint)).hasSize(1));
    // within the repeat interval (3s in tests): counted, not paged
    fire(fingerprint, Instant.now().minusSeconds(20), labels, "still broken");
    Thread.sleep(3200);
    fire(fingerprint, Instant.now().minusSeconds(10), labels, "still broken");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(pagerDutyEvents(fingerprint)).hasSize(2));
    assertThat(pagerDutyEvents(fingerprint))
        .allSatisfy(e -> assertThat(e.path("event_action").asText()).isEqualTo("trigger"));
    assertThat(count("SELECT occurrences FROM alert WHERE fingerprint = ?", fingerprint))
        .isEqualTo(3);
  }
}
