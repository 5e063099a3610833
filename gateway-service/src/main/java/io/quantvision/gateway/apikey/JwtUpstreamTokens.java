package io.quantvision.gateway.apikey;

import io.quantvision.gateway.identity.ApiKeyVerifier;
import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.UpstreamTokens;
import io.quantvision.gateway.token.AccessTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived JWTs for calls made with an API key: {@code sub} the key's owner, {@code groups} the
 * owner's roles, {@code amr} {@code ["api_key"]} (never {@code otp}: a key is one factor, so
 * 2FA-gated trading writes stay closed to keys), {@code api_key_id} the key. A token is reused
 * until a fifth of its lifetime is left, which keeps RSA signing off most requests.
 */
@ApplicationScoped
public class JwtUpstreamTokens implements UpstreamTokens {

  public static final String AMR_API_KEY = "api_key";
  private static final int MAX_CACHED = 10_000;

  private final AccessTokens tokens;
  private final Duration ttl;
  private final ConcurrentHashMap<ApiKeyVerifier.KeyOwner, Minted> minted =
      new ConcurrentHashMap<>();

  JwtUpstreamTokens(AccessTokens tokens, IdentityConfig config) {
    this.tokens = tokens;
    this.ttl = config.apiKeys().upstreamTokenTtl();
  }

  private record Minted(String token, Instant renewAfter) {}

  @Override
  public String forApiKey(ApiKeyVerifier.KeyOwner owner) {
    Instant now = Instant.now();
    Minted current = minted.get(owner);
    if (current != null && now.isBefore(current.renewAfter())) {
      return current.token();
    }
    String token =
        tokens.mint(
            owner.userId(),
            owner.email(),
            owner.roles(),
            List.of(AMR_API_KEY),
            now,
            ttl,
            owner.keyId());
    if (minted.size() >= MAX_CACHED) {
      minted.clear();
    }
    minted.put(owner, new Minted(token, now.plus(ttl.multipliedBy(4).dividedBy(5))));
    return token;
  }
}
