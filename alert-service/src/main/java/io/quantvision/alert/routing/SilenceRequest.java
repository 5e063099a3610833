package io.quantvision.alert.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** A new silence; {@code starts_at} defaults to now. */
public record SilenceRequest(
    @NotEmpty @Size(max = 20) List<@Valid @NotNull MatcherRequest> matchers,
    Instant startsAt,
    @NotNull Instant endsAt,
    @Size(max = 1000) String comment) {

  /** One matcher in the body, Alertmanager API v2 style. */
  public record MatcherRequest(
      @NotNull @Size(min = 1, max = 200) String name,
      @NotNull @Size(max = 1000) String value,
      Boolean isRegex,
      Boolean isEqual) {

    Matcher toMatcher() {
      return new Matcher(name, value, Boolean.TRUE.equals(isRegex), isEqual == null || isEqual);
    }
  }
}
