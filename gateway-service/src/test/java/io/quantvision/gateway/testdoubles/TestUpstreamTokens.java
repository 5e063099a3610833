package io.quantvision.gateway.testdoubles;

import io.quantvision.gateway.identity.ApiKeyVerifier.KeyOwner;
import io.quantvision.gateway.identity.UpstreamTokens;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** TEST DOUBLE (see {@link InMemoryApiKeyVerifier}): signs with the TEST-ONLY key. */
@DefaultBean
@ApplicationScoped
public class TestUpstreamTokens implements UpstreamTokens {

  @Override
  public String forApiKey(KeyOwner owner) {
    return TestTokens.token(owner.userId())
        .email(owner.email())
        .roles(owner.roles().toArray(String[]::new))
        .sign();
  }
}
