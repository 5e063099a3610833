package io.quantvision.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.quantvision.alert.Fixtures.amAlert;
import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.fire;
import static io.quantvision.alert.Fixtures.labels;
import static io.quantvision.alert.Fixtures.newName;
import static io.quantvision.alert.Fixtures.notification;
import static io.quantvision.alert.Fixtures.pagerDutyEvents;
import static io.quantvision.alert.Fixtures.postWebhook;
import static io.quantvision.alert.Fixtures.slackMessages;
import static io.quantvision.alert.Fixtures.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeliveryTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void routesCriticalToPagerDutyWarningToSlackAndInfoToEmail() throws Exception {
    String critical = fire(newName("DbDown"), "critical");
    String warningName = newName("QueueSlow");
    String warning = fire(warningName, "warning");
    String infoName = newName("NightlyReport");
    String info = fire(infoName, "info");

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(pagerDutyEvents(critical)).hasSize(1));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(slackMessages(warningName + " fired")).hasSize(1));
    JsonNode slack = Fixtures.read(slackMessages(warningName + " fired").get(0).getBodyAsString());
    assertThat(slack.path("text").asText()).contains("[FIRING]").contains("WARNING");
    assertThat(slack.path("blocks").get(0).path("type").asText()).isEqualTo("header");
    await().atMost(PATIENCE).until(() -> mailsAbout(infoName + " fired").size() == 1);
    MimeMessage mail = mailsAbout(infoName + " fired").get(0);
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(Stubs.EMAIL_TO);
    assertThat(mail.getFrom()[0].toString()).isEqualTo(Stubs.EMAIL_FROM);

    // each went to its own channel only
    assertThat(pagerDutyEvents(warning)).isEmpty();
    assertThat(pagerDutyEvents(info)).isEmpty();
    assertThat(slackMessages(infoName)).isEmpty();
    assertThat(
            count(
                "SELECT count(*) FROM delivery d JOIN alert a ON a.id = d.alert_id WHERE a.fingerprint IN (?, ?, ?)",
                critical,
                warning,
                info))
        .isEqualTo(3);
  }

  @Test
  void aRouteLabelOverridesTheSeverityRoute() {
    String name = newName("Override");
    String fingerprint = fire(name, "critical", "route", "slack,email");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(slackMessages(name + " fired")).hasSize(1));
    await().atMost(PATIENCE).until(() -> mailsAbout(name + " fired").size() == 1);
    assertThat(pagerDutyEvents(fingerprint)).isEmpty();
  }

  @Test
  void acknowledgingHereIsSentOnToPagerDuty() {
    String fingerprint = fire(newName("Ack"), "critical");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(pagerDutyEvents(fingerprint)).hasSize(1));
    String id = text("SELECT id FROM alert WHERE fingerprint = ?", fingerprint);

    given()
        .auth()
        .oauth2(TestTokens.admin("oncall"))
        .post("/api/v1/alerts/" + id + "/ack")
        .then()
        .statusCode(200)
        .body("status", equalTo("acknowledged"))
        .body("acknowledged_by", equalTo("oncall"));
    // a second ack changes nothing and sends nothing
    given()
        .auth()
        .oauth2(TestTokens.admin("oncall"))
        .post("/api/v1/alerts/" + id + "/ack")
        .then()
        .statusCode(200);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(pagerDutyEvents(fingerprint))
                    .extracting(e -> e.path("event_action").asText())
                    .containsExactly("trigger", "acknowledge"));
    // firing again while acknowledged pages no one
    fire(fingerprint, Instant.now().plusSeconds(1), labels("Ack", "critical"), "again");
    assertThat(
            count(
                "SELECT count(*) FROM delivery d JOIN alert a ON a.id = d.alert_id WHERE a.fingerprint = ?",
                fingerprint))
        .isEqualTo(2);
  }

  @Test
  void aViewerCannotAcknowledgeAnOpsAlert() {
    String fingerprint = fire(newName("NotYours"), "warning");
    String id = text("SELECT id FROM alert WHERE fingerprint = ?", fingerprint);
    given()
        .auth()
        .oauth2(TestTokens.viewer("someone"))
        .post("/api/v1/alerts/" + id + "/ack")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void whilePagerDutyIsDownAlertsWaitAndThenGoOutOncePerKeyInOrder() {
    String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    StubMapping down =
        Stubs.http()
            .stubFor(
                post(urlPathEqualTo(Stubs.PAGERDUTY_PATH))
                    .withRequestBody(matchingJsonPath("$.dedup_key", matching(prefix + ".*")))
                    .atPriority(1)
                    .willReturn(
                        aResponse().withStatus(503).withBody("{\"status\":\"unavailable\"}")));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String fingerprint = prefix + i;
      keys.add(fingerprint);
      Map<String, String> labels = labels("Outage" + i, "critical");
      Instant startsAt = Instant.now().minusSeconds(10);
      fire(fingerprint, startsAt, labels, "outage " + i);
      if (i % 2 == 0) {
        postWebhook(
                notification(
                    "{}:{alertname=\"Outage" + i + "\"}",
                    "resolved",
                    List.of(amAlert("resolved", fingerprint, startsAt, labels, "outage " + i))))
            .statusCode(200);
      }
    }
    // PagerDuty refuses for a while: every trigger is tried, more than once, none succeeds
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM delivery WHERE dedup_key LIKE ? AND action = 'trigger'"
                            + " AND attempts >= 2",
                        prefix + "%")
                    == keys.size());
    assertThat(
            count(
                "SELECT count(*) FROM delivery WHERE dedup_key LIKE ? AND status = 'delivered'",
                prefix + "%"))
        .isZero();

    Stubs.http().removeStub(down);

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM delivery WHERE dedup_key LIKE ? AND status = 'delivered'",
                        prefix + "%")
                    == 9);
    for (String key : keys) {
      List<String> accepted = acceptedPagerDutyActions(key);
      int index = Integer.parseInt(key.substring(prefix.length()));
      if (index % 2 == 0) {
        assertThat(accepted).as(key).containsExactly("trigger", "resolve");
      } else {
        assertThat(accepted).as(key).containsExactly("trigger");
      }
    }
  }

  @Test
  void slackThrottlingWithRetryAfterIsHonoured() {
    String name = newName("Throttled");
    Stubs.http()
        .stubFor(
            post(urlPathEqualTo(Stubs.SLACK_PATH))
                .withRequestBody(containing(name))
                .inScenario(name)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("throttled")
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "2")
                        .withBody("rate_limited")));

    String fingerprint = fire(name, "warning");

    await().atMost(PATIENCE).until(() -> slackMessages(name).size() == 2);
    List<LoggedRequest> tries = slackMessages(name);
    long gap = tries.get(1).getLoggedDate().getTime() - tries.get(0).getLoggedDate().getTime();
    assertThat(gap).isGreaterThanOrEqualTo(1900);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "delivered"
                    .equals(
                        text(
                            "SELECT d.status FROM delivery d JOIN alert a ON a.id = d.alert_id"
                                + " WHERE a.fingerprint = ?",
                            fingerprint)));
    assertThat(
            count(
                "SELECT d.attempts FROM delivery d JOIN alert a ON a.id = d.alert_id WHERE a.fingerprint = ?",
                fingerprint))
        .isEqualTo(2);
  }

  /** The actions PagerDuty accepted (202) for a key, oldest first. */
  private static List<String> acceptedPagerDutyActions(String key) {
    List<ServeEvent> events = new ArrayList<>(Stubs.http().getAllServeEvents());
    events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
    List<String> actions = new ArrayList<>();
    for (ServeEvent e : events) {
      if (!e.getRequest().getUrl().startsWith(Stubs.PAGERDUTY_PATH)
          || e.getResponse().getStatus() != 202) {
        continue;
      }
      JsonNode body = Fixtures.read(e.getRequest().getBodyAsString());
      if (key.equals(body.path("dedup_key").asText())) {
        actions.add(body.path("event_action").asText());
      }
    }
    return actions;
  }

  private static List<MimeMessage> mailsAbout(String text) throws Exception {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage m : Arrays.asList(Stubs.smtp().getReceivedMessages())) {
      if (m.getSubject() != null && m.getSubject().contains(text)) {
        found.add(m);
      }
    }
    return found;
  }

  @SuppressWarnings("unused")
  private static Map<String, Object> copy(Map<String, Object> m) {
    return new HashMap<>(m);
  }
}
