package io.quantvision.support.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The seed's settings that cannot be written as a plain {@code ${VAR:default}} expression in
 * application.properties: {@code LOG_FORMAT=json} (or {@code text}) switches JSON console logs.
 * Sits above application.properties and below real environment variables, so an explicit {@code
 * QUARKUS_LOG_CONSOLE_JSON_ENABLED} still wins.
 */
public class SeedSettingsConfigSource implements ConfigSource {

  static final String JSON_LOGS = "quarkus.log.console.json.enabled";

  private final Map<String, String> properties;

  public SeedSettingsConfigSource() {
    this(System.getenv());
  }

  SeedSettingsConfigSource(Map<String, String> env) {
    Map<String, String> derived = new HashMap<>();
    String format = env.get("LOG_FORMAT");
    if (format != null && !format.isBlank()) {
      derived.put(JSON_LOGS, Boolean.toString("json".equalsIgnoreCase(format.trim())));
    }
    this.properties = Map.copyOf(derived);
  }

  @Override
  public Map<String, String> getProperties() {
    return properties;
  }

  @Override
  public Set<String> getPropertyNames() {
    return properties.keySet();
  }

  @Override
  public String getValue(String name) {
    return properties.get(name);
  }

  @Override
  public String getName() {
    return "quantvision-seed-settings";
  }

  @Override
  public int getOrdinal() {
    return 275;
  }
}
