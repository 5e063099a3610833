package io.quantvision.alert.intake;

import io.quantvision.alert.metrics.AlertMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Coalesces copies of one Alertmanager notification that reach this instance at the same time (both
 * members of an HA pair send it): the first copy is taken in; a copy that arrives while the first
 * is in flight waits for its transaction to commit and answers "all duplicates" without a
 * transaction of its own. Before, the copy inserted the same receipts and waited on their locks for
 * the first copy's commit, holding a worker thread and a connection to learn what was already known
 * here; under load that wait was the largest statement time in PostgreSQL
 * (benchmarks/alert/RESULTS.md).
 *
 * <p>Only an optimisation: the receipts' primary key still decides. A copy that reaches another
 * instance, or this one after the first has finished, goes through the database as before; if the
 * first copy fails, or takes longer than {@link #WAIT_SECONDS}, the waiting copy is taken in
 * itself.
 */
@ApplicationScoped
public class InFlightNotifications {

  static final long WAIT_SECONDS = 10;

  private final ConcurrentHashMap<String, CompletableFuture<WebhookIntake.Receipt>> inFlight =
      new ConcurrentHashMap<>();
  private final IntConsumer duplicates;

  @Inject
  InFlightNotifications(AlertMetrics metrics) {
    this(
        n -> {
          for (int i = 0; i < n; i++) {
            metrics.duplicate(WebhookIntake.SOURCE);
          }
        });
  }

  InFlightNotifications(IntConsumer duplicates) {
    this.duplicates = duplicates;
  }

  /** Takes {@code payload} in through {@code intake}, unless an identical one is in flight. */
  public WebhookIntake.Receipt take(
      AlertmanagerPayload payload, Function<AlertmanagerPayload, WebhookIntake.Receipt> intake) {
    String key = key(payload);
    CompletableFuture<WebhookIntake.Receipt> mine = new CompletableFuture<>();
    CompletableFuture<WebhookIntake.Receipt> first = inFlight.putIfAbsent(key, mine);
    if (first == null) {
      try {
        WebhookIntake.Receipt receipt = intake.apply(payload); // committed when it returns
        mine.complete(receipt);
        return receipt;
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
        throw e;
      } finally {
        inFlight.remove(key, mine);
      }
    }
    try {
      first.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return intake.apply(payload); // the database decides
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return intake.apply(payload);
    }
    int copies = payload.alerts().size();
    duplicates.accept(copies);
    return new WebhookIntake.Receipt(0, copies);
  }

  /** What the receipts of the payload's alerts are keyed on, for all of them. */
  static String key(AlertmanagerPayload payload) {
    StringBuilder key = new StringBuilder(payload.groupKey());
    for (AlertmanagerPayload.Alert alert : payload.alerts()) {
      key.append('\u0000')
          .append(alert.fingerprint())
          .append('\u0000')
          .append(alert.status())
          .append('\u0000')
          .append(alert.startsAt());
    }
    return key.toString();
  }

  int inFlight() {
    return inFlight.size();
  }
}
