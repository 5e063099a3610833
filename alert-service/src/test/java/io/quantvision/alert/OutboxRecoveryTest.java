package io.quantvision.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.fire;
import static io.quantvision.alert.Fixtures.newFingerprint;
import static io.quantvision.alert.Fixtures.newName;
import static io.quantvision.alert.Fixtures.text;
import static io.quantvision.alert.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quantvision.alert.delivery.Channel;
import io.quantvision.alert.delivery.DeliveryStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The outbox under failure: connection errors, an instance that died holding a lease, and several
 * dispatchers claiming from one database.
 */
@QuarkusTest
class OutboxRecoveryTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Inject DeliveryStore store;

  @Test
  void aConnectionErrorIsRetriedWithBackoffAndDeliveredOnceTheStubIsBack() {
    String name = newName("ConnReset");
    // the first two attempts find the connection dropped (no HTTP answer at all), then it is up
    String scenario = "conn-" + name;
    Stubs.http()
        .stubFor(
            post(urlPathEqualTo(Stubs.SLACK_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(name))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second")
                .atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Stubs.http()
        .stubFor(
            post(urlPathEqualTo(Stubs.SLACK_PATH))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(name))
                .inScenario(scenario)
                .whenScenarioStateIs("second")
                .willSetStateTo("up")
                .atPriority(1)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    String fingerprint = fire(name, "warning");

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
                "SELECT d.attempts FROM delivery d JOIN alert a ON a.id = d.alert_id"
                    + " WHERE a.fingerprint = ?",
                fingerprint))
        .isEqualTo(3);
    List<ServeEvent> tries = new ArrayList<>();
    for (ServeEvent e : Stubs.http().getAllServeEvents()) {
      if (e.getRequest().getUrl().startsWith(Stubs.SLACK_PATH)
          && e.getRequest().getBodyAsString().contains(name)) {
        tries.add(e);
      }
    }
    tries.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
    assertThat(tries).hasSize(3);
    // WireMock logs a dropped connection with the stub's nominal status: tell them by the fault
    assertThat(tries.stream().filter(e -> e.getResponseDefinition().getFault() == null)).hasSize(1);
    assertThat(tries.get(2).getResponseDefinition().getFault()).isNull();
    // backoff (test profile: 200 ms doubling, ±20 %): the second wait is longer than the first
    long first = gap(tries, 0);
    long second = gap(tries, 1);
    assertThat(first).isGreaterThanOrEqualTo(150);
    assertThat(second).isGreaterThanOrEqualTo(300);
  }

  @Test
  void aDeliveryWhoseInstanceDiedIsTakenOverAfterItsLeaseAndSentOnce() {
    String fingerprint = newFingerprint();
    UUID alert = insertAlert(fingerprint);
    Instant leaseUntil = Instant.now().plusSeconds(2);
    // claimed by an instance that died: 'sending', one attempt, lease still running for 2 s
    update(
        "INSERT INTO delivery (alert_id, channel, action, dedup_key, payload, status, attempts,"
            + " lease_until) VALUES (?, 'pagerduty', 'trigger', ?, CAST(? AS jsonb), 'sending', 1,"
            + " ?)",
        alert,
        fingerprint,
        pagerDutyPayload(fingerprint),
        Timestamp.from(leaseUntil));

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "delivered"
                    .equals(text("SELECT status FROM delivery WHERE dedup_key = ?", fingerprint)));
    List<ServeEvent> sent = pagerDutyRequests(fingerprint);
    assertThat(sent).hasSize(1);
    // not taken while the lease ran
    assertThat(sent.get(0).getRequest().getLoggedDate().toInstant()).isAfterOrEqualTo(leaseUntil);
    assertThat(count("SELECT attempts FROM delivery WHERE dedup_key = ?", fingerprint))
        .isEqualTo(2);
  }

  @Test
  void twoDispatchersOnOneDatabaseClaimEachRowOnce() throws Exception {
    String prefix = "claim-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    UUID alert = insertAlert(prefix + "alert");
    int rows = 60;
    for (int i = 0; i < rows; i++) {
      // one alert, many rounds, a key each: 60 independent deliveries
      update(
          "INSERT INTO delivery (alert_id, channel, action, dedup_key, round, payload, status)"
              + " VALUES (?, 'pagerduty', 'trigger', ?, ?, CAST(? AS jsonb), 'pending')",
          alert,
          prefix + i,
          i,
          pagerDutyPayload(prefix + i));
    }
    // two more claim loops beside the service's own worker, on the same database
    ConcurrentLinkedQueue<Long> claimedHere = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      loops.add(
          CompletableFuture.runAsync(
              () -> {
                Instant until = Instant.now().plus(PATIENCE);
                while (Instant.now().isBefore(until)
                    && count(
                            "SELECT count(*) FROM delivery WHERE alert_id = ? AND status IN"
                                + " ('pending', 'sending')",
                            alert)
                        > 0) {
                  List<Long> ids = new ArrayList<>();
                  for (DeliveryStore.Claimed c : store.claim(Channel.PAGERDUTY, 5)) {
                    ids.addAll(c.ids());
                  }
                  claimedHere.addAll(ids);
                  store.delivered(ids);
                }
              }));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();

    assertThat(
            count(
                "SELECT count(*) FROM delivery WHERE alert_id = ? AND status = 'delivered'"
                    + " AND attempts = 1",
                alert))
        .isEqualTo(rows);
    List<Long> mine = new ArrayList<>(claimedHere);
    assertThat(new HashSet<>(mine)).hasSameSizeAs(mine);
    Set<String> keysClaimedHere = new HashSet<>();
    for (Long id : mine) {
      keysClaimedHere.add(text("SELECT dedup_key FROM delivery WHERE id = ?", id));
    }
    for (int i = 0; i < rows; i++) {
      String key = prefix + i;
      int atStub = pagerDutyRequests(key).size();
      assertThat(atStub + (keysClaimedHere.contains(key) ? 1 : 0)).as(key).isEqualTo(1);
    }
  }

  private static long gap(List<ServeEvent> tries, int i) {
    return tries.get(i + 1).getRequest().getLoggedDate().getTime()
        - tries.get(i).getRequest().getLoggedDate().getTime();
  }

  private static UUID insertAlert(String fingerprint) {
    UUID id = UUID.randomUUID();
    Timestamp now = Timestamp.from(Instant.now());
    update(
        "INSERT INTO alert (id, fingerprint, source, severity, status, summary, labels,"
            + " first_seen, last_seen) VALUES (?, ?, 'alertmanager', 'critical', 'firing', ?,"
            + " '{}', ?, ?)",
        id,
        fingerprint,
        "lease test " + fingerprint,
        now,
        now);
    return id;
  }

  private static String pagerDutyPayload(String key) {
    return "{\"event_action\":\"trigger\",\"dedup_key\":\""
        + key
        + "\",\"payload\":{\"summary\":\"outbox test\",\"source\":\"test\","
        + "\"severity\":\"critical\"}}";
  }

  private static List<ServeEvent> pagerDutyRequests(String key) {
    List<ServeEvent> found = new ArrayList<>();
    for (ServeEvent e : Stubs.http().getAllServeEvents()) {
      if (e.getRequest().getUrl().startsWith(Stubs.PAGERDUTY_PATH)
          && key.equals(
              Fixtures.read(e.getRequest().getBodyAsString()).path("dedup_key").asText())) {
        found.add(e);
      }
    }
    return Collections.unmodifiableList(found);
  }
}
