package io.quantvision.analysis.api;

import io.quantvision.analysis.bar.Symbols;
import io.quantvision.analysis.bar.Timeframe;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.time.ApiTimes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Reads the query and path parameters the analysis API shares; bad input is a 400 problem. */
public final class Params {

  public static final Timeframe DEFAULT_TIMEFRAME = Timeframe.DAY;

  private Params() {}

  public static String symbol(String raw) {
    String symbol = Symbols.canonical(raw);
    if (symbol == null) {
      throw invalid("symbol", "'" + raw + "' is not a symbol");
    }
    return symbol;
  }

  /** The timeframe, {@link #DEFAULT_TIMEFRAME} when absent. */
  public static Timeframe timeframe(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_TIMEFRAME;
    }
    return Timeframe.named(raw.trim())
        .orElseThrow(
            () ->
                invalid(
                    "timeframe",
                    "'" + raw + "' is not a timeframe; use one of " + Timeframe.knownNames()));
  }

  /** An RFC 3339 time, or a date (its start, UTC); null when absent. */
  public static Instant instant(String field, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(raw.trim()).toInstant();
    } catch (DateTimeParseException notATime) {
      try {
        time = LocalDate.parse(raw.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        throw invalid(field, "'" + raw + "' is not an RFC 3339 time (2024-01-02T14:30:00Z)");
      }
    }
    if (!ApiTimes.accepted(time)) {
      throw invalid(field, "'" + raw + "' is not " + ApiTimes.RANGE);
    }
    return time;
  }

  public static void range(Instant from, Instant to) {
    if (from != null && to != null && from.isAfter(to)) {
      throw invalid("from", "from is after to");
    }
  }

  public static int limit(String raw, int defaultLimit, int maximum) {
    if (raw == null || raw.isBlank()) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit >= 1 && limit <= maximum) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("limit", "must be an integer from 1 to " + maximum);
  }

  /** A 400 naming the offending parameter, shaped as the shared mapper shapes validation. */
  public static ProblemException invalid(String field, String message) {
    return new ProblemException(
        Problem.of(400, "validation", "Invalid request", field + ": " + message)
            .with("errors", List.of(Map.of("field", field, "message", message))));
  }
}
