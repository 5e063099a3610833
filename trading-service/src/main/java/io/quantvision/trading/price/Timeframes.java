package io.quantvision.trading.price;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Alpaca-style timeframe names ({@code 1Min}, {@code 15Min}, {@code 1Hour}, {@code 1Day}). */
public final class Timeframes {

  private static final Pattern NAME = Pattern.compile("(\\d{1,4})(Min|Hour|Day|Week)");

  private Timeframes() {}

  public static Optional<Duration> duration(String timeframe) {
    Matcher m = timeframe == null ? null : NAME.matcher(timeframe);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "Min" -> Duration.ofMinutes(n);
          case "Hour" -> Duration.ofHours(n);
          case "Day" -> Duration.ofDays(n);
          default -> Duration.ofDays(7 * n);
        });
  }
}
