package io.quantvision.gateway.token;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import org.eclipse.microprofile.config.Config;

/**
 * The private key the gateway signs access tokens with, loaded (and checked) at start-up from
 * {@code smallrye.jwt.sign.key.location} (JWT_PRIVATE_KEY_LOCATION) or, when that is empty, the PEM
 * in {@code smallrye.jwt.sign.key} (SMALLRYE_JWT_SIGN_KEY).
 */
@Startup
@ApplicationScoped
public class SigningKey {

  private final PrivateKey key;

  SigningKey(Config config) {
    String location = value(config, "smallrye.jwt.sign.key.location");
    String inline = value(config, "smallrye.jwt.sign.key");
    try {
      if (location != null) {
        key = KeyUtils.readPrivateKey(location);
      } else if (inline != null) {
        key = KeyUtils.decodePrivateKey(inline);
      } else {
        key = null;
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "The JWT signing key cannot be read (JWT_PRIVATE_KEY_LOCATION / SMALLRYE_JWT_SIGN_KEY): "
              + e.getMessage(),
          e);
    }
    if (key == null) {
      throw new IllegalStateException(
          "No JWT signing key: set JWT_PRIVATE_KEY_LOCATION to the gateway's private key (PKCS#8"
              + " PEM file), or SMALLRYE_JWT_SIGN_KEY to the PEM itself");
    }
  }

  public PrivateKey key() {
    return key;
  }

  private static String value(Config config, String name) {
    String value = config.getConfigValue(name).getValue();
    return value == null || value.isBlank() || "NONE".equals(value) ? null : value;
  }
}
