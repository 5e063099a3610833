package io.quantvision.alert.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * How one send went: delivered, worth retrying (throttled, server error, unreachable; with the
 * server's {@code Retry-After} when it gave one), or refused for good (any other 4xx).
 */
public record SendResult(Kind kind, String detail, Optional<Duration> retryAfter) {

  /** The three outcomes. */
  public enum Kind {
    DELIVERED,
    RETRY,
    FAILED
  }

  public static SendResult delivered() {
    return new SendResult(Kind.DELIVERED, null, Optional.empty());
  }

  public static SendResult retry(String detail) {
    return new SendResult(Kind.RETRY, detail, Optional.empty());
  }

  public static SendResult failed(String detail) {
    return new SendResult(Kind.FAILED, detail, Optional.empty());
  }

  /** Classifies an HTTP answer. */
  public static SendResult ofHttp(int status, String body, Optional<String> retryAfter) {
    if (status >= 200 && status < 300) {
      return delivered();
    }
    String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + clip(body));
    if (status == 429 || status == 408 || status >= 500) {
      return new SendResult(Kind.RETRY, detail, retryAfter.flatMap(SendResult::parseRetryAfter));
    }
    return failed(detail);
  }

  /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110). */
  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException ignored) {
        return Optional.empty();
      }
    }
  }

  private static String clip(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
