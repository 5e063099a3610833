package io.quantvision.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The same sliding-window counter as the Redis script, in this instance's memory: what decides
 * while Redis is unreachable. Each instance then enforces its share of the limits on its own
 * ({@link RateLimiter} divides them by {@code fallback-instances}) — better than refusing everyone
 * (fail-closed) or nobody (fail-open).
 */
public class LocalLimiter {

  private final Map<String, long[]> slots = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  public LocalLimiter(LongSupplier clockMillis) {
    this.clock = clockMillis;
  }

  public Decision decide(String principalKey, Policy policy) {
    int n = policy.windows().size();
    long now = clock.getAsLong();
    // one lock per principal: the check and the increment of all windows are one step
    long[] state = slots.computeIfAbsent(principalKey, k -> new long[n * 3]);
    synchronized (state) {
      long[] used = new long[n];
      long[] left = new long[n];
      boolean allowed = true;
      for (int i = 0; i < n; i++) {
        Policy.Window window = policy.windows().get(i);
        long size = window.seconds() * 1000L;
        long slot = now / size;
        roll(state, i, slot);
        long cur = state[3 * i + 1];
        long prev = state[3 * i + 2];
        left[i] = size - (now - slot * size);
        double estimate = (double) prev * left[i] / size + cur;
        used[i] = (long) Math.floor(estimate);
        if (estimate + 1 > window.limit()) {
          allowed = false;
        }
      }
      long retryAfter = 0;
      long[] remaining = new long[n];
      for (int i = 0; i < n; i++) {
        Policy.Window window = policy.windows().get(i);
        long size = window.seconds() * 1000L;
        long cur = state[3 * i + 1];
        long prev = state[3 * i + 2];
        double estimate = (double) prev * left[i] / size + cur;
        if (allowed) {
          state[3 * i + 1] = cur + 1;
          estimate += 1;
        } else if (estimate + 1 > window.limit()) {
          double wait;
          if (cur + 1 <= window.limit() && prev > 0) {
            wait = left[i] - (double) (window.limit() - 1 - cur) * size / prev;
          } else if (cur > 0) {
            wait = left[i] + (double) size * (cur - window.limit() + 1) / cur;
          } else {
            wait = left[i];
          }
          retryAfter = Math.max(retryAfter, (long) Math.ceil(wait));
        }
        remaining[i] = Math.max(0, (long) Math.floor(window.limit() - estimate));
      }
      return new Decision(allowed, retryAfter, remaining, left, Decision.Backend.LOCAL);
    }
  }

  /**
   * Forgets principals idle for two of their largest windows (the previous slot no longer counts).
   */
  public void evictIdle(long maxWindowMillis) {
    long now = clock.getAsLong();
    slots
        .entrySet()
        .removeIf(
            e -> {
              long[] state = e.getValue();
              synchronized (state) {
                // the last window of a policy is its largest
                return now / maxWindowMillis - state[state.length - 3] > 2;
              }
            });
  }

  int size() {
    return slots.size();
  }

  // state per window: [slot index, count in it, count in the slot before]
  private static void roll(long[] state, int i, long slot) {
    long known = state[3 * i];
    if (known == slot) {
      return;
    }
    state[3 * i + 2] = known == slot - 1 ? state[3 * i + 1] : 0;
    state[3 * i + 1] = 0;
    state[3 * i] = slot;
  }
}
