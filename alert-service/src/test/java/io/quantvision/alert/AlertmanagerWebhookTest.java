package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.amAlert;
import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.labels;
import static io.quantvision.alert.Fixtures.newFingerprint;
import static io.quantvision.alert.Fixtures.notification;
import static io.quantvision.alert.Fixtures.pagerDutyEvents;
import static io.quantvision.alert.Fixtures.postWebhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AlertmanagerWebhookTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void duplicateDeliveriesFromAnHaPairMakeOneAlertAndOnePage() {
    String fingerprint = newFingerprint();
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> body =
        notification(
            "{}:{alertname=\"DiskFull\"}",
            "firing",
            List.of(
                amAlert(
                    "firing",
                    fingerprint,
                    startsAt,
                    labels("DiskFull", "critical", "service", "trading-service"),
                    "disk almost full")));

    // both Alertmanagers of the pair deliver, at the same time, and one retries
    List<CompletableFuture<Integer>> deliveries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      deliveries.add(CompletableFuture.supplyAsync(() -> postWebhook(body).extract().statusCode()));
    }
    deliveries.forEach(d -> assertThat(d.join()).isEqualTo(200));
    postWebhook(body).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));

    assertThat(count("SELECT count(*) FROM alert WHERE fingerprint = ?", fingerprint)).isEqualTo(1);
    assertThat(count("SELECT occurrences FROM alert WHERE fingerprint = ?", fingerprint))
        .isEqualTo(1);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(pagerDutyEvents(fingerprint)).hasSize(1));
    JsonNode page = pagerDutyEvents(fingerprint).get(0);
    assertThat(page.path("routing_key").asText()).isEqualTo(Stubs.ROUTING_KEY);
    assertThat(page.path("event_action").asText()).isEqualTo("trigger");
    assertThat(page.path("payload").path("summary").asText()).isEqualTo("disk almost full");
    assertThat(page.path("payload").path("severity").asText()).isEqualTo("critical");
    assertThat(page.path("payload").path("source").asText()).isEqualTo("trading-service");
    assertThat(page.path("payload").path("timestamp").asText()).isEqualTo(startsAt.toString());
  }

  @Test
  void theSameFingerprintFiringAgainCountsAndPagesNoOneAgain() {
    String fingerprint = newFingerprint();
    Map<String, String> labels = labels("HighLatency", "critical");
    Instant first = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    Fixtures.fire(fingerprint, first, labels, "slow");
    // a different group (another route) reporting the same alert with another startsAt
    postWebhook(
            notification(
                "{}/{severity=\"critical\"}:{}",
                "firing",
                List.of(amAlert("firing", fingerprint, first.plusSeconds(30), labels, "slow"))))
        .statusCode(200)
        .body("accepted", equalTo(1));

    assertThat(count("SELECT occurrences FROM alert WHERE fingerprint = ?", fingerprint))
        .isEqualTo(2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(pagerDutyEvents(fingerprint)).hasSize(1));
    assertThat(
            count(
                "SELECT count(*) FROM delivery d JOIN alert a ON a.id = d.alert_id WHERE a.fingerprint = ?",
                fingerprint))
        .isEqualTo(1);
  }

  @Test
  void firingThenResolvedTriggersThenResolvesWithTheSameDedupKey() {
    String fingerprint = newFingerprint();
    Map<String, String> labels = labels("ServiceDown", "critical", "service", "analysis-service");
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Fixtures.fire(fingerprint, startsAt, labels, "analysis-service is down");
    postWebhook(
            notification(
                "{}:{alertname=\"ServiceDown\"}",
                "resolved",
                List.of(
                    amAlert(
                        "resolved", fingerprint, startsAt, labels, "analysis-service is down"))))
        .statusCode(200);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pagerDutyEvents(fingerprint))
                    .extracting(e -> e.path("event_action").asText())
                    .containsExactly("trigger", "resolve"));
    assertThat(pagerDutyEvents(fingerprint))
        .allSatisfy(e -> assertThat(e.path("dedup_key").asText()).isEqualTo(fingerprint));
    given()
        .auth()
        .oauth2(io.quantvision.testing.jwt.TestTokens.admin("ops"))
        .queryParam("source", "alertmanager")
        .queryParam("status", "resolved")
        .queryParam("limit", 500)
        .get("/api/v1/alerts")
        .then()
        .statusCode(200)
        .body("items.find { it.fingerprint == '" + fingerprint + "' }.status", equalTo("resolved"))
        .body("items.find { it.fingerprint == '" + fingerprint + "' }.resolved_at", notNullValue());
  }

  @Test
  void refusesAMissingOrWrongTokenAsProblemJson() {
    Map<String, Object> body =
        notification(
            "{}:{}",
            "firing",
            List.of(amAlert("firing", newFingerprint(), Instant.now(), labels("X", "info"), "x")));
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post(Fixtures.WEBHOOK)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("request_id", notNullValue());
    given()
        .auth()
        .oauth2("not-the-token")
        .contentType(ContentType.JSON)
        .body(body)
        .post(Fixtures.WEBHOOK)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void refusesMalformedBodiesWholeAndStoresNothing() {
    String fingerprint = newFingerprint();
    Map<String, Object> good =
        amAlert("firing", fingerprint, Instant.now(), labels("Malformed", "critical"), "m");
    Map<String, Object> noStart = new java.util.HashMap<>(good);
    noStart.remove("startsAt");
    Map<String, Object> badDate = new java.util.HashMap<>(good);
    badDate.put("startsAt", "yesterday");
    Map<String, Object> wrongVersion =
        new java.util.HashMap<>(notification("{}:{}", "firing", List.of(good)));
    wrongVersion.put("version", "3");

    List<Object> bodies =
        List.of(
            "{not json",
            "[]",
            "{}",
            wrongVersion,
            notification("{}:{}", "firing", List.of()),
            notification("{}:{}", "firing", List.of(good, noStart)),
            notification("{}:{}", "firing", List.of(good, badDate)),
            notification("{}:{}", "burning", List.of(good)));
    for (Object body : bodies) {
      postWebhook(body)
          .statusCode(400)
          .contentType("application/problem+json")
          .body("status", equalTo(400))
          .body("request_id", notNullValue());
    }
    assertThat(count("SELECT count(*) FROM alert WHERE fingerprint = ?", fingerprint)).isZero();
    assertThat(
            count("SELECT count(*) FROM alertmanager_receipt WHERE fingerprint = ?", fingerprint))
        .isZero();
  }
}
