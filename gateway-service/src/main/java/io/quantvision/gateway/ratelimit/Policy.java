package io.quantvision.gateway.ratelimit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A named set of windows a principal's requests are counted against, e.g. 60 a minute and 1000 an
 * hour; also renders itself as the IETF {@code RateLimit-Policy} header.
 */
public record Policy(String name, List<Window> windows) {

  public record Window(String name, int limit, int seconds) {}

  /** {@code "minute";q=60;w=60, "hour";q=1000;w=3600} (draft-ietf-httpapi-ratelimit-headers). */
  public String header() {
    return windows.stream()
        .map(w -> "\"" + w.name() + "\";q=" + w.limit() + ";w=" + w.seconds())
        .collect(Collectors.joining(", "));
  }
}
