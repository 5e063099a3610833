package io.quantvision.marketdata.bar;

import io.quantvision.common.time.ApiTimes;
import io.quantvision.marketdata.Params;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A validated bar query. With {@code from}: bars in [from, to) oldest first, a page at a time
 * ({@code page_token} continues after the last bar of the previous page). Without {@code from}: the
 * newest {@code limit} bars before {@code to}.
 */
public record BarQuery(
    String symbol, Timeframe timeframe, Instant from, Instant to, int limit, Instant after) {

  /** Reads the query parameters; every problem is a 400 naming the parameter. */
  public static BarQuery of(
      String symbol,
      String timeframe,
      String from,
      String to,
      Integer limit,
      String pageToken,
      BarSettings settings,
      Instant now) {
    Timeframe tf = Params.timeframe("timeframe", timeframe, Timeframe.DAY_1);
    Instant end = to == null || to.isBlank() ? now : Params.time("to", to);
    Instant start = from == null || from.isBlank() ? null : Params.time("from", from);
    if (start != null && start.isAfter(end)) {
      throw Params.invalid("from", "'from' (" + start + ") is after 'to' (" + end + ")");
    }
    if (start != null && Duration.between(start, end).compareTo(settings.maxRange()) > 0) {
      throw Params.invalid(
          "to",
          "The range from "
              + start
              + " to "
              + end
              + " is wider than the maximum of "
              + settings.maxRange().toDays()
              + " days; page through narrower ranges");
    }
    int size = limit == null ? settings.defaultLimit() : limit;
    if (size < 1 || size > settings.maxLimit()) {
      throw Params.invalid("limit", "'limit' must be between 1 and " + settings.maxLimit());
    }
    Instant after = pageToken == null || pageToken.isBlank() ? null : decodeToken(pageToken);
    if (after != null && start == null) {
      throw Params.invalid("page_token", "'page_token' continues a query that has 'from'");
    }
    return new BarQuery(symbol, tf, start, end, size, after);
  }

  public static String encodeToken(Instant lastStart) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("v1:" + lastStart).getBytes(StandardCharsets.UTF_8));
  }

  static Instant decodeToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith("v1:")) {
        throw new IllegalArgumentException("unknown token version");
      }
      Instant after = Instant.parse(text.substring(3));
      if (!ApiTimes.accepted(after)) {
        throw new IllegalArgumentException("time out of range");
      }
      return after;
    } catch (IllegalArgumentException | DateTimeException e) {
      throw Params.invalid("page_token", "'page_token' is not a token this service issued");
    }
  }
}
