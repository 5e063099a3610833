package io.quantvision.gateway.token;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        key = read(location);
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

  /** A file path (the deployments' form, {@code file:} optional) or a class-path resource. */
  static PrivateKey read(String location) throws Exception {
    Path file = Path.of(location.startsWith("file:") ? location.substring(5) : location);
    if (Files.isRegularFile(file)) {
      return KeyUtils.decodePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }
    String resource = location.startsWith("classpath:") ? location.substring(10) : location;
    if (Thread.currentThread().getContextClassLoader().getResource(resource) == null
        && SigningKey.class.getClassLoader().getResource(resource) == null) {
      throw new NoSuchFileException(location + " is neither a file nor a class-path resource");
    }
    return KeyUtils.readPrivateKey(resource);
  }

  public PrivateKey key() {
    return key;
  }

  private static String value(Config config, String name) {
    String value = config.getConfigValue(name).getValue();
    return value == null || value.isBlank() || "NONE".equals(value) ? null : value;
  }
}
