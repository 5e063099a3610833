package io.quantvision.support.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.testing.infra.RedisProxy;
import io.quantvision.testing.infra.TcpProxy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamPlumbingTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @Inject Outbox outbox;
  @Inject StreamPublisher publisher;
  @Inject ProbeHandler handler;
  @Inject AgroalDataSource dataSource;
  @Inject RedisDataSource redis;

  @RedisProxy TcpProxy redisProxy;

  @Test
  void anOutboxEventReachesItsStreamOnlyAfterItsTransactionCommits() throws Exception {
    EventEnvelope event = alert("committed-" + UUID.randomUUID(), "info");

    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              outbox.add(ProbeHandler.STREAM, event);
              assertThat(entriesFor(event)).isZero();
            });

    await().atMost(PATIENCE).until(() -> effectsOf(event) == 1);
    assertThat(entriesFor(event)).isEqualTo(1);
    assertThat(outboxRowsFor(event)).isZero();
  }

  @Test
  void eventsAddedAtCommitAreWrittenTogetherWhenItCommitsAndGoOutInOrder() throws Exception {
    List<EventEnvelope> events =
        IntStream.range(0, 3)
            .mapToObj(i -> alert("at-commit-" + i + "-" + UUID.randomUUID(), "info"))
            .toList();

    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              events.forEach(e -> outbox.addAtCommit(ProbeHandler.STREAM, e));
              // gathered, not written: one statement writes them all at commit
              assertThat(outboxRowsFor(events.get(0))).isZero();
            });

    await().atMost(PATIENCE).until(() -> events.stream().allMatch(e -> effectsOf(e) == 1));
    assertThat(idsOnTheStreamOf(events))
        .containsExactlyElementsOf(events.stream().map(e -> e.id().toString()).toList());
  }

  @Test
  void eventsAddedAtCommitInARolledBackTransactionAreNeverWritten() throws Exception {
    EventEnvelope event = alert("at-commit-rolled-back-" + UUID.randomUUID(), "info");

    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                outbox.addAtCommit(ProbeHandler.STREAM, event);
                throw new IllegalStateException("the state change failed");
              });
    } catch (IllegalStateException expected) {
      // the transaction rolled back
    }

    EventEnvelope later = alert("after-at-commit-rollback-" + UUID.randomUUID(), "info");
    QuarkusTransaction.requiringNew().run(() -> outbox.addAtCommit(ProbeHandler.STREAM, later));
    await().atMost(PATIENCE).until(() -> effectsOf(later) == 1);
    assertThat(entriesFor(event)).isZero();
    assertThat(outboxRowsFor(event)).isZero();
  }

  @Test
  void aRolledBackOutboxEventIsNeverPublished() throws Exception {
    EventEnvelope event = alert("rolled-back-" + UUID.randomUUID(), "info");

    try {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                outbox.add(ProbeHandler.STREAM, event);
                throw new IllegalStateException("the state change failed");
              });
    } catch (IllegalStateException expected) {
      // the transaction rolled back
    }

    EventEnvelope later = alert("after-rollback-" + UUID.randomUUID(), "info");
    QuarkusTransaction.requiringNew().run(() -> outbox.add(ProbeHandler.STREAM, later));
    await().atMost(PATIENCE).until(() -> effectsOf(later) == 1);
    assertThat(entriesFor(event)).isZero();
    assertThat(outboxRowsFor(event)).isZero();
  }

  @Test
  void outboxEventsWaitWhileRedisIsDownAndGoOutInOrderWhenItReturns() throws Exception {
    List<EventEnvelope> events =
        IntStream.range(0, 5)
            .mapToObj(i -> alert("outage-" + i + "-" + UUID.randomUUID(), "info"))
            .toList();

    redisProxy.cut();
    try {
      for (EventEnvelope event : events) {
        QuarkusTransaction.requiringNew().run(() -> outbox.add(ProbeHandler.STREAM, event));
      }
      Thread.sleep(1_000);
      assertThat(outboxRowsFor(events.get(0))).isEqualTo(1);
    } finally {
      redisProxy.restore();
    }

    await().atMost(PATIENCE).until(() -> events.stream().allMatch(e -> effectsOf(e) == 1));
    assertThat(idsOnTheStreamOf(events))
        .containsExactlyElementsOf(events.stream().map(e -> e.id().toString()).toList());
  }

  /** The ids of these events in the order the probe stream holds them. */
  private List<String> idsOnTheStreamOf(List<EventEnvelope> events) {
    return streams().xrange(ProbeHandler.STREAM, StreamRange.of("-", "+")).stream()
        .map(m -> m.payload().getOrDefault(Streams.ENVELOPE_FIELD, ""))
        .flatMap(json -> events.stream().filter(e -> json.contains(e.id().toString())))
        .map(e -> e.id().toString())
        .toList();
  }

  @Test
  void aRedeliveredEventHasNoSecondEffect() throws Exception {
    EventEnvelope event = alert("twice-" + UUID.randomUUID(), "info");

    publisher.publish(ProbeHandler.STREAM, event);
    publisher.publish(ProbeHandler.STREAM, event);

    await().atMost(PATIENCE).until(() -> entriesFor(event) == 2 && pendingCount() == 0);
    Thread.sleep(500);
    assertThat(effectsOf(event)).isEqualTo(1);
  }

  @Test
  void aHandlerFailureRollsBackItsEffectAndTheEventIsRetried() throws Exception {
    EventEnvelope event = alert("flaky", "warning");

    publisher.publish(ProbeHandler.STREAM, event);

    await().atMost(PATIENCE).until(() -> effectsOf(event) == 1);
    assertThat(handler.attemptsOf(event.id().toString())).isEqualTo(2);
  }

  @Test
  void anEventThatKeepsFailingIsDeadLetteredAndAcknowledged() throws Exception {
    EventEnvelope event = alert("poison", "critical");

    publisher.publish(ProbeHandler.STREAM, event);

    await().atMost(PATIENCE).until(() -> deadLettered(event.id().toString()));
    assertThat(effectsOf(event)).isZero();
    assertThat(handler.attemptsOf(event.id().toString())).isEqualTo(3);
    await().atMost(PATIENCE).until(() -> pendingCount() == 0);
  }

  @Test
  void anUnreadableEntryIsDeadLetteredNotRetried() {
    String marker = "garbage-" + UUID.randomUUID();

    streams().xadd(ProbeHandler.STREAM, Map.of(Streams.ENVELOPE_FIELD, "{\"id\": \"" + marker));

    await().atMost(PATIENCE).until(() -> deadLettered(marker));
  }

  @Test
  void entriesACrashedInstanceLeftPendingAreTakenOver() {
    EventEnvelope event = alert("orphan-" + UUID.randomUUID(), "info");
    // Another instance of the service reads the entry and dies before acknowledging it. MULTI
    // makes its read happen before our own consumer (blocked in XREADGROUP) can see the entry.
    redis.withTransaction(
        tx -> {
          tx.stream(String.class, String.class, String.class)
              .xadd(ProbeHandler.STREAM, Map.of(Streams.ENVELOPE_FIELD, EventCodec.encode(event)));
          tx.stream(String.class, String.class, String.class)
              .xreadgroup(
                  "service-support-probe",
                  "crashed-instance",
                  ProbeHandler.STREAM,
                  ">",
                  new XReadGroupArgs().count(1_000));
        });
    assertThat(pendingOf("crashed-instance")).isPositive();

    await().atMost(PATIENCE).until(() -> effectsOf(event) == 1);
    await().atMost(PATIENCE).until(() -> pendingOf("crashed-instance") == 0);
  }

  private static EventEnvelope alert(String summary, String severity) {
    return EventEnvelope.create(
        EventType.ALERT,
        "probe",
        null,
        new AlertPayload("fp-" + summary, severity, AlertPayload.FIRING, summary, null, Map.of()));
  }

  private StreamCommands<String, String, String> streams() {
    return redis.stream(String.class, String.class, String.class);
  }

  private long entriesFor(EventEnvelope event) {
    return streams().xrange(ProbeHandler.STREAM, StreamRange.of("-", "+")).stream()
        .filter(
            m ->
                m.payload()
                    .getOrDefault(Streams.ENVELOPE_FIELD, "")
                    .contains(event.id().toString()))
        .count();
  }

  private boolean deadLettered(String marker) {
    return streams().xrange(ProbeHandler.STREAM + ".dead", StreamRange.of("-", "+")).stream()
        .anyMatch(m -> m.payload().getOrDefault(Streams.ENVELOPE_FIELD, "").contains(marker));
  }

  private long pendingOf(String consumer) {
    Long count =
        streams()
            .xpending(ProbeHandler.STREAM, "service-support-probe")
            .getConsumers()
            .get(consumer);
    return count == null ? 0 : count;
  }

  private long pendingCount() {
    return streams().xpending(ProbeHandler.STREAM, "service-support-probe").getPendingCount();
  }

  private int effectsOf(EventEnvelope event) {
    return count("SELECT count(*) FROM probe_effect WHERE event_id = ?", event.id());
  }

  private int outboxRowsFor(EventEnvelope event) {
    return count("SELECT count(*) FROM outbox_event WHERE event_id = ?", event.id());
  }

  private int count(String sql, UUID id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setObject(1, id);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
