package io.quantvision.gateway.twofactor;

import io.quantvision.common.problem.ProblemException;
import io.quantvision.gateway.account.AuthResource;
import io.quantvision.gateway.identity.Caller;
import io.quantvision.gateway.identity.Origin;
import io.quantvision.support.web.Problems;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** TOTP two-factor authentication: enrol, then verify codes to upgrade a token. */
@Path("/api/v1/auth/2fa")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class TwoFactorResource {

  private final TwoFactorService twoFactor;
  private final SecurityIdentity identity;

  TwoFactorResource(TwoFactorService twoFactor, SecurityIdentity identity) {
    this.twoFactor = twoFactor;
    this.identity = identity;
  }

  public record VerifyRequest(@NotBlank @Size(max = 32) String code) {}

  @POST
  @Path("/enroll")
  @Consumes(MediaType.WILDCARD)
  public Response enroll(HttpServerRequest request) {
    return Response.ok(twoFactor.enroll(Caller.of(identity), Origin.of(request)))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  @POST
  @Path("/verify")
  public Response verify(@Valid @NotNull VerifyRequest body, HttpServerRequest request) {
    try {
      return AuthResource.tokens(
          twoFactor.verify(Caller.of(identity), body.code(), Origin.of(request)));
    } catch (ProblemException e) {
      Object retryAfter = e.problem().extensions().get("retry_after");
      if (retryAfter == null) {
        throw e;
      }
      return Response.fromResponse(Problems.response(e.problem(), request))
          .header(HttpHeaders.RETRY_AFTER, retryAfter.toString())
          .build();
    }
  }
}
