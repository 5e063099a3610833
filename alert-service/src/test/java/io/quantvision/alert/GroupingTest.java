package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.amAlert;
import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.labels;
import static io.quantvision.alert.Fixtures.newFingerprint;
import static io.quantvision.alert.Fixtures.newName;
import static io.quantvision.alert.Fixtures.notification;
import static io.quantvision.alert.Fixtures.postWebhook;
import static io.quantvision.alert.Fixtures.slackMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grouping window (Alertmanager's group_by, group_wait, group_interval) on Slack and email,
 * with a 4 s group_wait and an 8 s group_interval; critical alerts are not held.
 */
@QuarkusTest
@TestProfile(GroupingTest.Window.class)
class GroupingTest {

  static final Duration GROUP_WAIT = Duration.ofSeconds(4);
  static final Duration GROUP_INTERVAL = Duration.ofSeconds(8);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  public static class Window implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "alert.grouping.enabled", "true",
          "alert.grouping.group-wait", GROUP_WAIT.toSeconds() + "s",
          "alert.grouping.group-interval", GROUP_INTERVAL.toSeconds() + "s",
          "alert.grouping.critical-group-wait", "0s",
          // no default recipient: an info alert without its own address has no channel
          "alert.email.to", "");
    }
  }

  @Test
  void alertsOfOneGroupWithinTheWindowAreOneSlackMessage() {
    String name = newName("Grouped");
    List<String> fingerprints = new ArrayList<>();
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String fp = newFingerprint();
      fingerprints.add(fp);
      alerts.add(
          amAlert(
              "firing",
              fp,
              Instant.now(),
              labels(name, "warning", "service", "svc-g", "instance", "host-" + i),
              name + " on host-" + i));
    }
    postWebhook(notification("{}:{alertname=\"" + name + "\"}", "firing", alerts)).statusCode(200);

    awaitDelivered(fingerprints);
    List<LoggedRequest> messages = slackMessages(name);
    assertThat(messages).hasSize(1);
    String body = messages.get(0).getBodyAsString();
    assertThat(body).contains("[FIRING:3]", "host-1", "host-2", "host-3");
    assertThat(Fixtures.read(body).path("blocks")).hasSize(4); // header + one section per alert
  }

  @Test
  void differentGroupsAreSeparateMessages() {
    String name = newName("TwoGroups");
    List<String> fingerprints = new ArrayList<>();
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (String service : List.of("svc-a", "svc-b")) {
      for (int i = 1; i <= 2; i++) {
        String fp = newFingerprint();
        fingerprints.add(fp);
        alerts.add(
            amAlert(
                "firing",
                fp,
                Instant.now(),
                labels(name, "warning", "service", service, "instance", service + "-host-" + i),
                name + " " + service));
      }
    }
    postWebhook(notification("{}:{alertname=\"" + name + "\"}", "firing", alerts)).statusCode(200);

    awaitDelivered(fingerprints);
    List<LoggedRequest> messages = slackMessages(name);
    assertThat(messages).hasSize(2);
    for (LoggedRequest m : messages) {
      String body = m.getBodyAsString();
      String mine = body.contains("service=svc-a") ? "svc-a" : "svc-b";
      String other = mine.equals("svc-a") ? "svc-b" : "svc-a";
      assertThat(body).contains("[FIRING:2]", mine + "-host-1", mine + "-host-2");
      assertThat(body).doesNotContain(other);
    }
  }

  @Test
  void anAdditionAfterTheGroupWasSentWaitsForTheGroupInterval() {
    String name = newName("Later");
    String first = newFingerprint();
    post(first, labels(name, "warning", "service", "svc-l", "instance", "first-host"), name);
    awaitDelivered(List.of(first));
    Instant firstSent = slackMessages(name).get(0).getLoggedDate().toInstant();

    String second = newFingerprint();
    post(second, labels(name, "warning", "service", "svc-l", "instance", "second-host"), name);
    awaitDelivered(List.of(second));
    List<LoggedRequest> messages = slackMessages(name);
    assertThat(messages).hasSize(2);
    LoggedRequest later =
        messages.stream()
            .filter(m -> m.getBodyAsString().contains("second-host"))
            .findFirst()
            .get();
    assertThat(later.getBodyAsString()).doesNotContain("first-host");
    // no sooner than group_interval after the first message (less the first send's own latency)
    assertThat(Duration.between(firstSent, later.getLoggedDate().toInstant()))
        .isGreaterThan(GROUP_INTERVAL.minusMillis(500));
  }

  @Test
  void aCriticalAlertIsNotHeld() {
    String name = newName("CriticalNow");
    // the group was just sent: a warning now would wait for group_interval
    String warning = newFingerprint();
    post(warning, labels(name, "warning", "service", "svc-c", "route", "slack"), name + " warn");
    awaitDelivered(List.of(warning));

    String critical = newFingerprint();
    Instant posted = Instant.now();
    post(
        critical,
        labels(name, "critical", "service", "svc-c", "route", "slack", "instance", "crit-host"),
        name + " crit");
    awaitDelivered(List.of(critical));
    LoggedRequest sent =
        slackMessages(name).stream()
            .filter(m -> m.getBodyAsString().contains("crit-host"))
            .findFirst()
            .get();
    assertThat(Duration.between(posted, sent.getLoggedDate().toInstant())).isLessThan(GROUP_WAIT);
  }

  @Test
  void alertsOfOneGroupAreOneEmailPerRecipient() throws Exception {
    String name = newName("MailGroup");
    List<String> fingerprints = new ArrayList<>();
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String fp = newFingerprint();
      fingerprints.add(fp);
      alerts.add(
          amAlert(
              "firing",
              fp,
              Instant.now(),
              labels(name, "info", "service", "svc-m", "email_to", "oncall@test.quantvision.io"),
              name + " item-" + i));
    }
    postWebhook(notification("{}:{alertname=\"" + name + "\"}", "firing", alerts)).statusCode(200);

    awaitDelivered(fingerprints);
    List<MimeMessage> mails = new ArrayList<>();
    for (MimeMessage m : Arrays.asList(Stubs.smtp().getReceivedMessages())) {
      if (m.getSubject() != null && m.getSubject().contains(name)) {
        mails.add(m);
      }
    }
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).getSubject()).contains("[FIRING:3]");
    String text = String.valueOf(mails.get(0).getContent());
    assertThat(text).contains(name + " item-1", name + " item-2", name + " item-3");
  }

  @Test
  void anUnconfiguredChannelIsRecordedSkippedAndBlocksNothing() {
    String name = newName("NoRecipient");
    String unrouted = newFingerprint();
    String routed = newFingerprint();
    // info → email, but there is no default recipient and this alert names none
    post(unrouted, labels(name, "info", "service", "svc-s"), name + " nobody");
    post(routed, labels(name, "warning", "service", "svc-s"), name + " slack");

    awaitDelivered(List.of(routed));
    assertThat(
            Fixtures.text(
                "SELECT d.status || '/' || d.last_error FROM delivery d JOIN alert a"
                    + " ON a.id = d.alert_id WHERE a.fingerprint = ?",
                unrouted))
        .isEqualTo("skipped/not configured");
    assertThat(slackMessages(name + " slack")).hasSize(1);
  }

  private static void post(String fingerprint, Map<String, String> labels, String summary) {
    postWebhook(
            notification(
                "{}:{alertname=\"" + labels.get("alertname") + "\"}",
                "firing",
                List.of(amAlert("firing", fingerprint, Instant.now(), labels, summary))))
        .statusCode(200);
  }

  private static void awaitDelivered(List<String> fingerprints) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM delivery d JOIN alert a ON a.id = d.alert_id"
                            + " WHERE a.fingerprint = ANY(?) AND d.status = 'delivered'",
                        (Object) fingerprints.toArray(String[]::new))
                    == fingerprints.size());
  }
}
