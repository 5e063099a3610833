package io.quantvision.alert.delivery;

import java.util.Locale;

/** What a delivery tells its channel; PagerDuty's {@code event_action} values. */
public enum Action {
  TRIGGER,
  ACKNOWLEDGE,
  RESOLVE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
