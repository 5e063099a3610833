package io.quantvision.gateway.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A small per-upstream breaker for the asynchronous proxy path (SmallRye Fault Tolerance guards
 * method calls; a streamed proxy exchange is not one): after {@code threshold} consecutive failures
 * it opens for {@code openMillis}, then lets one trial call through (half-open); that call's
 * outcome closes or re-opens it.
 */
final class CircuitBreaker {

  private final int threshold;
  private final long openMillis;
  private final LongSupplier clock;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong openedAt = new AtomicLong(-1);

  CircuitBreaker(int threshold, long openMillis, LongSupplier clock) {
    this.threshold = threshold;
    this.openMillis = openMillis;
    this.clock = clock;
  }

  /** True when a call may go out now (closed, or the one trial of half-open). */
  boolean tryAcquire() {
    long opened = openedAt.get();
    if (opened < 0) {
      return true;
    }
    long now = clock.getAsLong();
    // one caller wins the trial and moves the opening forward, so others keep being refused
    return now - opened >= openMillis && openedAt.compareAndSet(opened, now);
  }

  void onSuccess() {
    failures.set(0);
    openedAt.set(-1);
  }

  void onFailure() {
    if (failures.incrementAndGet() >= threshold || openedAt.get() >= 0) {
      openedAt.set(clock.getAsLong());
    }
  }

  boolean isOpen() {
    return openedAt.get() >= 0;
  }

  void reset() {
    onSuccess();
  }
}
