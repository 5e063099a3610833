package io.quantvision.alert.monitoring;

import java.time.Instant;

/** A delivery channel: configured?, what waits, and how its latest attempt went. */
public record ChannelState(
    String channel,
    boolean configured,
    long pending,
    long retrying,
    String lastOutcome,
    Instant lastAttemptAt,
    String lastError) {

  public boolean failing() {
    return retrying > 0 || "failed".equals(lastOutcome);
  }
}
