package io.quantvision.analysis.api;

import io.quantvision.common.time.ApiTimes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset cursor: the position of the last item of the previous page, a time and, where
 * times can tie, a sequence and an id.
 */
public record PageToken(Instant time, Integer sequence, UUID id) {

  public static PageToken at(Instant time) {
    return new PageToken(time, null, null);
  }

  public String encode() {
    String plain = time + (id == null ? "" : "|" + sequence + "|" + id);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code raw}, null when absent; a 400 when it is not one of ours. */
  public static PageToken decode(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.UTF_8);
      String[] parts = plain.split("\\|", -1);
      Instant time = Instant.parse(parts[0]);
      if (ApiTimes.accepted(time) && parts.length == 1) {
        return at(time);
      }
      if (ApiTimes.accepted(time) && parts.length == 3) {
        return new PageToken(time, Integer.valueOf(parts[1]), UUID.fromString(parts[2]));
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw Params.invalid("page_token", "not a page token this API issued");
  }
}
