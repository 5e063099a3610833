package io.quantvision.gateway.testdoubles;

import io.quantvision.gateway.identity.ApiKeyVerifier;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST DOUBLE for the edge's tests until identity's real verifier exists (then it replaces this
 * {@link DefaultBean}; the integrator deletes this package): keys that tests register.
 */
@DefaultBean
@ApplicationScoped
public class InMemoryApiKeyVerifier implements ApiKeyVerifier {

  private final Map<String, KeyOwner> keys = new ConcurrentHashMap<>();

  public void register(String rawKey, KeyOwner owner) {
    keys.put(rawKey, owner);
  }

  @Override
  public Optional<KeyOwner> verify(String rawKey) {
    return Optional.ofNullable(keys.get(rawKey));
  }
}
