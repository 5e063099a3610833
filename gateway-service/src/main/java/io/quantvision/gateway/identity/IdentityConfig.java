package io.quantvision.gateway.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Typed identity settings; every default is also in application.properties. */
@ConfigMapping(prefix = "qv.identity")
public interface IdentityConfig {

  Password password();

  Tokens tokens();

  Admin admin();

  Totp totp();

  ApiKeys apiKeys();

  Lockout lockout();

  interface Password {
    /** PBKDF2-HMAC-SHA256 iterations for new hashes (OWASP 2023: at least 600,000). */
    @WithDefault("600000")
    int iterations();

    @WithDefault("12")
    int minLength();
  }

  interface Tokens {
    @WithDefault("PT15M")
    Duration accessTtl();

    @WithDefault("P30D")
    Duration refreshTtl();
  }

  interface Admin {
    Optional<String> email();

    Optional<String> password();
  }

  interface Totp {
    /** Base64 of 32 bytes; required in production and staging. */
    Optional<String> encryptionKey();

    @WithDefault("QuantVision")
    String issuer();

    @WithDefault("10")
    int backupCodes();
  }

  interface ApiKeys {
    @WithDefault("PT24H")
    Duration rotationGrace();

    @WithDefault("PT5S")
    Duration cacheTtl();

    @WithDefault("PT5M")
    Duration upstreamTokenTtl();
  }

  interface Lockout {
    @WithDefault("5")
    int accountThreshold();

    @WithDefault("20")
    int ipThreshold();

    @WithDefault("PT15M")
    Duration window();

    @WithDefault("PT30S")
    Duration baseDelay();

    @WithDefault("PT15M")
    Duration maxDelay();

    /** Where the failure counters and locks live in Redis (a test run uses one of its own). */
    @WithDefault("qv:gw:login:")
    String keyPrefix();
  }
}
