package io.quantvision.alert.delivery;

import java.util.Locale;
import java.util.Optional;

/** Where a notification can go. */
public enum Channel {
  PAGERDUTY,
  SLACK,
  EMAIL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Channel> named(String name) {
    for (Channel c : values()) {
      if (c.wire().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
