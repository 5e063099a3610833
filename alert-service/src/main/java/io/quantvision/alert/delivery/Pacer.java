package io.quantvision.alert.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * Spaces sends to one channel at most {@code ratePerMinute} (per instance), and holds the channel
 * back while the destination asked us to wait ({@code Retry-After}).
 */
final class Pacer {

  private final long intervalNanos;
  private long nextSlot = System.nanoTime();
  private volatile Instant pausedUntil = Instant.EPOCH;

  Pacer(double ratePerMinute) {
    this.intervalNanos = ratePerMinute <= 0 ? 0 : (long) (60_000_000_000L / ratePerMinute);
  }

  /** Blocks until the next send may start. */
  void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, nextSlot);
      nextSlot = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  void pauseUntil(Instant until) {
    if (until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
  }

  Duration pausedFor() {
    Duration d = Duration.between(Instant.now(), pausedUntil);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
