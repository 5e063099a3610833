package io.quantvision.support.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Tuning of the stream plumbing; defaults suit every service, override under {@code qv.streams}.
 */
@ConfigMapping(prefix = "qv.streams")
public interface StreamSettings {

  /** Streams are trimmed to about this many entries ({@code XADD MAXLEN ~}). */
  @WithDefault("100000")
  long maxLength();

  /** How long one XREADGROUP waits for new entries. */
  @WithDefault("2s")
  Duration block();

  /** Entries read (or relayed) per round trip. */
  @WithDefault("100")
  int batchSize();

  /** An entry pending this long with another consumer is taken over (XAUTOCLAIM). */
  @WithDefault("30s")
  Duration claimMinIdle();

  /** How often this consumer looks for stale pending entries and retries its own failures. */
  @WithDefault("10s")
  Duration claimInterval();

  /** After this many failed deliveries an entry goes to {@code <stream>.dead} and is acked. */
  @WithDefault("5")
  int maxDeliveries();

  /** Where a consumer group created now starts: {@code 0} (the retained history) or {@code $}. */
  @WithDefault("0")
  String startFrom();

  /** How long processed event ids are remembered for de-duplication. */
  @WithDefault("7d")
  Duration processedRetention();

  /** The outbox relay's polling period when nothing wakes it. */
  @WithDefault("500ms")
  Duration outboxPollInterval();

  /** Whether this process relays its outbox (one relay at a time across instances). */
  @WithDefault("true")
  boolean outboxRelayEnabled();
}
