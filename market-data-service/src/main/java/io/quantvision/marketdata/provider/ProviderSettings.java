package io.quantvision.marketdata.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Which provider feeds the service, and how to reach it. */
@ConfigMapping(prefix = "market-data.provider")
public interface ProviderSettings {

  /** {@code simulated} or {@code alpaca} ({@code MARKET_DATA_PROVIDER}). */
  String name();

  Simulated simulated();

  Alpaca alpaca();

  interface Simulated {
    /** Seed of the simulated feed: the same seed gives the same bars and quotes everywhere. */
    long seed();
  }

  interface Alpaca {
    /** {@code ALPACA_API_KEY} (header APCA-API-KEY-ID). */
    Optional<String> apiKey();

    /** {@code ALPACA_API_SECRET} (header APCA-API-SECRET-KEY). */
    Optional<String> apiSecret();

    /** {@code iex} (free plan) or {@code sip} ({@code ALPACA_DATA_FEED}). */
    @WithDefault("iex")
    String feed();

    /** Bars per page requested from Alpaca (max 10000). */
    @WithDefault("10000")
    int pageSize();
  }
}
