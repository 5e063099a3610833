package io.quantvision.marketdata.quote;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "market-data.quotes")
public interface QuoteSettings {

  /** How long a quote stays in Redis after its last update. */
  Duration ttl();

  /** A quote older than this is served with {@code stale: true} ({@code QUOTE_STALE_AFTER}). */
  Duration staleAfter();

  /** How often the provider is asked for the latest quotes. */
  Duration refreshEvery();

  /** Whether this instance refreshes quotes on schedule. */
  boolean refreshEnabled();
}
