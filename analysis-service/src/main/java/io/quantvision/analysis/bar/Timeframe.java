package io.quantvision.analysis.bar;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The bar timeframes market-data publishes, with Alpaca's names. */
public enum Timeframe {
  MINUTE("1Min", Duration.ofMinutes(1)),
  FIVE_MINUTES("5Min", Duration.ofMinutes(5)),
  FIFTEEN_MINUTES("15Min", Duration.ofMinutes(15)),
  HOUR("1Hour", Duration.ofHours(1)),
  DAY("1Day", Duration.ofDays(1));

  private final String wireName;
  private final Duration duration;

  Timeframe(String wireName, Duration duration) {
    this.wireName = wireName;
    this.duration = duration;
  }

  public String wireName() {
    return wireName;
  }

  public Duration duration() {
    return duration;
  }

  public static Optional<Timeframe> named(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  public static String knownNames() {
    return Arrays.stream(values()).map(Timeframe::wireName).collect(Collectors.joining(", "));
  }
}
