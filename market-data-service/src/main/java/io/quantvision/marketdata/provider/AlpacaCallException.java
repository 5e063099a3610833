package io.quantvision.marketdata.provider;

import java.time.Duration;

/**
 * A failed Alpaca call, classified: {@code kind} is the metric tag; {@code retryable} says whether
 * trying again may help (429, 5xx, network); {@code retryAfter} is what a 429 asked us to wait.
 */
public class AlpacaCallException extends RuntimeException {

  private final String kind;
  private final boolean retryable;
  private final Duration retryAfter;

  AlpacaCallException(
      String message, String kind, boolean retryable, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public String kind() {
    return kind;
  }

  public boolean retryable() {
    return retryable;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** A failure worth retrying (429, 5xx, network); the type FT's @Retry retries on. */
  public static class Retryable extends AlpacaCallException {
    Retryable(String message, String kind, Duration retryAfter, Throwable cause) {
      super(message, kind, true, retryAfter, cause);
    }
  }
}
