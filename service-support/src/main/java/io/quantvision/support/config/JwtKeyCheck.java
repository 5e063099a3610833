package io.quantvision.support.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * A service without the gateway's public key would answer every call with 401 and look healthy
 * doing it; refuse to start instead, naming the setting.
 */
@ApplicationScoped
public class JwtKeyCheck {

  private final Config config;

  JwtKeyCheck(Config config) {
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    if (isBlank("mp.jwt.verify.publickey.location") && isBlank("mp.jwt.verify.publickey")) {
      throw new IllegalStateException(
          "No JWT public key: set JWT_PUBLIC_KEY_LOCATION to the gateway's public key (PEM file),"
              + " or MP_JWT_VERIFY_PUBLICKEY to the PEM itself");
    }
  }

  private boolean isBlank(String name) {
    String value = config.getConfigValue(name).getValue();
    // NONE is smallrye-jwt's own marker for "not set"
    return value == null || value.isBlank() || "NONE".equals(value);
  }
}
