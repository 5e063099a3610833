package io.quantvision.alert.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightNotificationsTest {

  /** Threads of its own: the common pool may have one thread on a two-core machine. */
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  private final AtomicInteger duplicatesCounted = new AtomicInteger();
  private final InFlightNotifications inFlight =
      new InFlightNotifications(duplicatesCounted::addAndGet);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private static AlertmanagerPayload payload(String fingerprint, Instant startsAt) {
    return new AlertmanagerPayload(
        "4",
        "{}:{alertname=\"X\"}",
        0,
        "firing",
        "alert-service",
        Map.of(),
        Map.of(),
        Map.of(),
        "http://am",
        List.of(
            new AlertmanagerPayload.Alert(
                "firing", Map.of("alertname", "X"), Map.of(), startsAt, null, "", fingerprint)));
  }

  @Test
  void aCopyArrivingWhileTheFirstIsInFlightWaitsForItAndIsADuplicate() throws Exception {
    AlertmanagerPayload first = payload("fp-1", Instant.parse("2026-12-07T10:00:00Z"));
    AlertmanagerPayload copy = payload("fp-1", Instant.parse("2026-12-07T10:00:00Z"));
    CountDownLatch commit = new CountDownLatch(1);
    AtomicInteger taken = new AtomicInteger();

    CompletableFuture<WebhookIntake.Receipt> a =
        CompletableFuture.supplyAsync(
            () ->
                inFlight.take(
                    first,
                    p -> {
                      taken.incrementAndGet();
                      await(commit);
                      return new WebhookIntake.Receipt(1, 0);
                    }),
            threads);
    Awaitility.await().until(() -> inFlight.inFlight() == 1);
    CompletableFuture<WebhookIntake.Receipt> b =
        CompletableFuture.supplyAsync(
            () ->
                inFlight.take(
                    copy,
                    p -> {
                      taken.incrementAndGet();
                      return new WebhookIntake.Receipt(1, 0);
                    }),
            threads);

    // the copy does not answer before the first copy has committed
    Thread.sleep(200);
    assertThat(b).isNotDone();
    commit.countDown();

    assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(new WebhookIntake.Receipt(1, 0));
    assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(new WebhookIntake.Receipt(0, 1));
    assertThat(taken).hasValue(1);
    assertThat(duplicatesCounted).hasValue(1);
    assertThat(inFlight.inFlight()).isZero();
  }

  @Test
  void whenTheFirstCopyFailsTheWaitingCopyIsTakenInItself() throws Exception {
    AlertmanagerPayload first = payload("fp-2", Instant.parse("2026-12-07T10:00:00Z"));
    CountDownLatch fail = new CountDownLatch(1);
    CompletableFuture<WebhookIntake.Receipt> a =
        CompletableFuture.supplyAsync(
            () ->
                inFlight.take(
                    first,
                    p -> {
                      await(fail);
                      throw new IllegalStateException("database gone");
                    }),
            threads);
    Awaitility.await().until(() -> inFlight.inFlight() == 1);
    CompletableFuture<WebhookIntake.Receipt> b =
        CompletableFuture.supplyAsync(
            () -> inFlight.take(first, p -> new WebhookIntake.Receipt(1, 0)), threads);
    Thread.sleep(100);
    fail.countDown();

    assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasMessageContaining("database gone");
    assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(new WebhookIntake.Receipt(1, 0));
    assertThat(duplicatesCounted).hasValue(0);
  }

  @Test
  void notificationsOfOtherAlertsOrOtherStartsDoNotWait() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CompletableFuture.runAsync(
        () ->
            inFlight.take(
                payload("fp-3", Instant.parse("2026-12-07T10:00:00Z")),
                p -> {
                  await(never);
                  return new WebhookIntake.Receipt(1, 0);
                }),
        threads);
    Awaitility.await().until(() -> inFlight.inFlight() == 1);

    // the same alert firing again (a new startsAt) and another alert go straight through
    assertThat(
            inFlight.take(
                payload("fp-3", Instant.parse("2026-12-07T11:00:00Z")),
                p -> new WebhookIntake.Receipt(1, 0)))
        .isEqualTo(new WebhookIntake.Receipt(1, 0));
    assertThat(
            inFlight.take(
                payload("fp-4", Instant.parse("2026-12-07T10:00:00Z")),
                p -> new WebhookIntake.Receipt(1, 0)))
        .isEqualTo(new WebhookIntake.Receipt(1, 0));
    never.countDown();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
