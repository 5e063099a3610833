package io.quantvision.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedSettingsConfigSourceTest {

  @Test
  void logFormatJsonSwitchesJsonLogsOn() {
    assertThat(
            new SeedSettingsConfigSource(Map.of("LOG_FORMAT", "json"))
                .getValue(SeedSettingsConfigSource.JSON_LOGS))
        .isEqualTo("true");
  }

  @Test
  void logFormatTextSwitchesJsonLogsOff() {
    assertThat(
            new SeedSettingsConfigSource(Map.of("LOG_FORMAT", "text"))
                .getValue(SeedSettingsConfigSource.JSON_LOGS))
        .isEqualTo("false");
  }

  @Test
  void withoutLogFormatItLeavesTheDecisionToApplicationProperties() {
    assertThat(new SeedSettingsConfigSource(Map.of()).getPropertyNames()).isEmpty();
  }

  @Test
  void ranksAboveApplicationPropertiesAndBelowTheEnvironment() {
    assertThat(new SeedSettingsConfigSource(Map.of()).getOrdinal()).isBetween(251, 299);
  }
}
