package io.quantvision.gateway.identity;

import java.util.Optional;
import java.util.Set;

/**
 * Resolves an API key presented by a programmatic client (header {@code X-API-Key}) to its owner.
 * The edge (rate limits, routing) keys its limits on {@link KeyOwner#principal()} and, for proxied
 * calls, asks {@link UpstreamTokens} for a JWT the downstream services can verify.
 */
public interface ApiKeyVerifier {

  /** The owner when {@code rawKey} is a live key, or a rotated one still in its grace period. */
  Optional<KeyOwner> verify(String rawKey);

  record KeyOwner(String keyId, String userId, String email, Set<String> roles) {
    /** The rate-limit principal: one budget per key. */
    public String principal() {
      return "key:" + keyId;
    }
  }
}
