package io.quantvision.gateway.token;

import io.quantvision.gateway.identity.IdentityConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mints RS256 access tokens: issuer {@code quantvision}, {@code sub} the user id, {@code upn} the
 * email, {@code groups} the roles, {@code amr} how the holder authenticated and {@code auth_time}
 * when (the second factor's time once {@code otp} is in {@code amr}).
 */
@ApplicationScoped
public class AccessTokens {

  public static final String ISSUER = "quantvision";

  private final SigningKey signingKey;
  private final Duration ttl;

  AccessTokens(SigningKey signingKey, IdentityConfig config) {
    this.signingKey = signingKey;
    this.ttl = config.tokens().accessTtl();
  }

  public Duration ttl() {
    return ttl;
  }

  public String mint(
      UUID userId, String email, Set<String> roles, Collection<String> amr, Instant authTime) {
    return mint(userId.toString(), email, roles, amr, authTime, ttl, null);
  }

  public String mint(
      String subject,
      String email,
      Set<String> roles,
      Collection<String> amr,
      Instant authTime,
      Duration lifetime,
      String keyId) {
    Instant now = Instant.now();
    var claims =
        Jwt.issuer(ISSUER)
            .subject(subject)
            .upn(email)
            .groups(roles)
            .claim("amr", List.copyOf(amr))
            .claim("auth_time", authTime.getEpochSecond())
            .issuedAt(now)
            .expiresAt(now.plus(lifetime))
            .claim("jti", UUID.randomUUID().toString());
    if (keyId != null) {
      claims.claim("api_key_id", keyId);
    }
    return claims
        .jws()
        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
        .sign(signingKey.key());
  }
}
