package io.quantvision.marketdata.provider;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;

/** The configured provider ({@code MARKET_DATA_PROVIDER}); the others stay reachable by name. */
@ApplicationScoped
public class Providers {

  private final Map<String, MarketDataProvider> byName;
  private final String configured;

  Providers(SimulatedProvider simulated, AlpacaProvider alpaca, ProviderSettings settings) {
    this.byName = Map.of(simulated.name(), simulated, alpaca.name(), alpaca);
    this.configured = settings.name().trim().toLowerCase(Locale.ROOT);
  }

  void check(@Observes StartupEvent event) {
    if (!byName.containsKey(configured)) {
      throw new IllegalStateException(
          "MARKET_DATA_PROVIDER is '" + configured + "'; expected one of " + byName.keySet());
    }
  }

  public MarketDataProvider current() {
    return named(configured);
  }

  public MarketDataProvider named(String name) {
    MarketDataProvider provider = byName.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("no provider named '" + name + "'");
    }
    return provider;
  }
}
