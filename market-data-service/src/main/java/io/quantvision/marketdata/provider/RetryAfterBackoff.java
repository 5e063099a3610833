package io.quantvision.marketdata.provider;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff that honours Alpaca's {@code Retry-After}: after a 429 the next attempt waits
 * what the server asked (capped), otherwise 0.5 s, 1 s, 2 s ... (capped).
 */
public class RetryAfterBackoff implements CustomBackoffStrategy {

  static final long MAX_DELAY_MILLIS = 30_000;

  private long next;

  @Override
  public void init(long initialDelayInMillis) {
    next = initialDelayInMillis;
  }

  @Override
  public long nextDelayInMillis(Throwable cause) {
    if (cause instanceof AlpacaCallException call && call.retryAfter() != null) {
      return Math.min(call.retryAfter().toMillis(), MAX_DELAY_MILLIS);
    }
    long delay = next;
    next = Math.min(next * 2, MAX_DELAY_MILLIS);
    return delay;
  }
}
