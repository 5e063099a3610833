package io.quantvision.gateway.apikey;

import io.quantvision.gateway.identity.ApiKeyVerifier;
import io.quantvision.gateway.identity.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Lets the gateway's own endpoints ({@code /auth/me}, {@code /auth/api-keys}, ...) accept an {@code
 * X-API-Key} header as well as a bearer JWT. The identity carries the owner's roles and {@code amr
 * = [api_key]}; an unknown key is a 401, not an anonymous call.
 */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {

  public static final String HEADER = "X-API-Key";

  private final ApiKeyVerifier verifier;

  ApiKeyAuthentication(ApiKeyVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String key = context.request().getHeader(HEADER);
    if (key == null) {
      return Uni.createFrom().nullItem();
    }
    // the lookup is JDBC: off the event loop
    return Uni.createFrom()
        .item(() -> verifier.verify(key))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onItem()
        .transform(
            owner ->
                owner
                    .map(ApiKeyAuthentication::identity)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown API key")));
  }

  private static SecurityIdentity identity(ApiKeyVerifier.KeyOwner owner) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(owner.email()))
        .addRoles(owner.roles())
        .addAttribute(Caller.USER_ID, owner.userId())
        .addAttribute(Caller.AMR, List.of(JwtUpstreamTokens.AMR_API_KEY))
        .addAttribute("qv.api_key_id", owner.keyId())
        .build();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of();
  }
}
