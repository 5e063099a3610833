package io.quantvision.alert.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A time-bound silence: while active, alerts matching every matcher notify nobody. */
public record Silence(
    UUID id,
    List<Matcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment,
    String status) {

  public boolean silences(Map<String, String> labels, Instant at) {
    return !at.isBefore(startsAt)
        && at.isBefore(endsAt)
        && matchers.stream().allMatch(m -> m.matches(labels));
  }
}
