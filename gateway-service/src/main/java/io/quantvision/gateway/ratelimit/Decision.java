package io.quantvision.gateway.ratelimit;

import java.util.List;

/**
 * The limiter's answer for one request.
 *
 * @param remaining per window of the policy, requests still allowed now
 * @param resetMillis per window, milliseconds until its current slot ends
 * @param retryAfterMillis when refused, how long until a request would fit
 */
public record Decision(
    boolean allowed, long retryAfterMillis, long[] remaining, long[] resetMillis, Backend backend) {

  public enum Backend {
    REDIS,
    LOCAL;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The window with the least left, as the {@code RateLimit} header reports. */
  int tightest() {
    int index = 0;
    for (int i = 1; i < remaining.length; i++) {
      if (remaining[i] < remaining[index]) {
        index = i;
      }
    }
    return index;
  }

  static Decision fromScript(List<Long> values, Backend backend) {
    int n = (values.size() - 2) / 2;
    long[] remaining = new long[n];
    long[] reset = new long[n];
    for (int i = 0; i < n; i++) {
      remaining[i] = values.get(2 + 2 * i);
      reset[i] = values.get(3 + 2 * i);
    }
    return new Decision(values.get(0) == 1, values.get(1), remaining, reset, backend);
  }
}
