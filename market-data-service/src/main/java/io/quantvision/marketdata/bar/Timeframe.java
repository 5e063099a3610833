package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.marketdata.market.MarketCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * The bar sizes the suite knows, named as Alpaca names them. Intraday bars start on a multiple of
 * their size (UTC; New York is a whole number of hours away), daily bars at midnight New York time,
 * as Alpaca's daily bars do.
 */
public enum Timeframe {
  MIN_1("1Min", Duration.ofMinutes(1), Duration.ofDays(1)),
  MIN_5("5Min", Duration.ofMinutes(5), Duration.ofDays(5)),
  MIN_15("15Min", Duration.ofMinutes(15), Duration.ofDays(15)),
  HOUR_1("1Hour", Duration.ofHours(1), Duration.ofDays(60)),
  DAY_1("1Day", Duration.ofDays(1), Duration.ofDays(3650));

  private final String label;
  private final Duration duration;
  private final Duration backfillChunk;

  Timeframe(String label, Duration duration, Duration backfillChunk) {
    this.label = label;
    this.duration = duration;
    this.backfillChunk = backfillChunk;
  }

  @JsonValue
  public String label() {
    return label;
  }

  public Duration duration() {
    return duration;
  }

  /** How much of a backfill one provider request covers (a few thousand bars per symbol). */
  public Duration backfillChunk() {
    return backfillChunk;
  }

  public static Optional<Timeframe> find(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String wanted = label.trim();
    return Arrays.stream(values()).filter(t -> t.label.equalsIgnoreCase(wanted)).findFirst();
  }

  /** The timeframe named {@code label}, or a 400 problem listing the known ones. */
  @JsonCreator
  public static Timeframe parse(String label) {
    return find(label)
        .orElseThrow(
            () ->
                ProblemException.badRequest(
                    "Unknown timeframe '"
                        + label
                        + "'; expected one of 1Min, 5Min, 15Min, 1Hour, 1Day"));
  }

  public boolean isAligned(Instant start) {
    if (this == DAY_1) {
      ZonedDateTime local = start.atZone(MarketCalendar.ZONE);
      return local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
    }
    return start.getNano() == 0 && start.getEpochSecond() % duration.toSeconds() == 0;
  }

  /** The start of the bar of this size that contains {@code instant}. */
  public Instant bucketOf(Instant instant) {
    if (this == DAY_1) {
      return instant
          .atZone(MarketCalendar.ZONE)
          .toLocalDate()
          .atStartOfDay(MarketCalendar.ZONE)
          .toInstant();
    }
    long seconds = duration.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
  }

  /** When a bar that starts at {@code start} ends (exclusive). */
  public Instant end(Instant start) {
    if (this == DAY_1) {
      return start.atZone(MarketCalendar.ZONE).plusDays(1).toInstant();
    }
    return start.plus(duration);
  }

  @Override
  public String toString() {
    return label;
  }
}
