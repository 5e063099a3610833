package io.quantvision.marketdata;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.time.ApiTimes;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.market.MarketCalendar;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Request parameters every endpoint reads the same way; each problem is a 400 naming the field. */
public final class Params {

  private Params() {}

  /** RFC 3339 time, or a date (its midnight in New York, where daily bars start). */
  public static Instant time(String field, String value) {
    Instant time;
    try {
      time =
          value.length() == 10
              ? LocalDate.parse(value).atStartOfDay(MarketCalendar.ZONE).toInstant()
              : OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw invalid(field, "'" + field + "' must be an RFC 3339 time or a date (YYYY-MM-DD)");
    }
    if (!ApiTimes.accepted(time)) {
      throw invalid(field, "'" + field + "' must be " + ApiTimes.RANGE);
    }
    return time;
  }

  /** The named timeframe, {@code fallback} when absent (null: required). */
  public static Timeframe timeframe(String field, String value, Timeframe fallback) {
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw invalid(field, "'" + field + "' is required");
      }
      return fallback;
    }
    return Timeframe.find(value)
        .orElseThrow(
            () ->
                invalid(
                    field,
                    "Unknown timeframe '"
                        + value
                        + "'; expected one of 1Min, 5Min, 15Min, 1Hour, 1Day"));
  }

  public static ProblemException invalid(String field, String message) {
    return new ProblemException(
        Problem.of(400, "validation", "Invalid request", message)
            .with("errors", List.of(Map.of("field", field, "message", message))));
  }
}
