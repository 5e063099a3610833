package io.quantvision.gateway.ratelimit;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The rate limits of production (application.properties defaults). The other gateway tests run with
 * limits out of reach, since they all come from one address and register and log in many times.
 */
public class ProductionLimits implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "qv.rate-limit.per-minute", "60",
        "qv.rate-limit.per-hour", "1000",
        "qv.rate-limit.auth.per-minute", "10",
        "qv.rate-limit.auth.per-hour", "100");
  }
}
