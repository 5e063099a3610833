package io.quantvision.gateway.account;

import io.quantvision.common.problem.ProblemException;
import io.quantvision.gateway.identity.Caller;
import io.quantvision.gateway.identity.Origin;
import io.quantvision.gateway.token.TokenResponse;
import io.quantvision.support.web.Problems;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Accounts and tokens: register, login, refresh, logout, who am I. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

  private final AccountService accounts;
  private final SecurityIdentity identity;

  AuthResource(AccountService accounts, SecurityIdentity identity) {
    this.accounts = accounts;
    this.identity = identity;
  }

  @POST
  @Path("/register")
  public Response register(
      @Valid @NotNull AccountRequests.Register body, HttpServerRequest request) {
    User user = accounts.register(body, Origin.of(request));
    return Response.status(201).entity(AccountRequests.UserView.of(user)).build();
  }

  @POST
  @Path("/login")
  public Response login(@Valid @NotNull AccountRequests.Login body, HttpServerRequest request) {
    try {
      return tokens(accounts.login(body, Origin.of(request)));
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

  @POST
  @Path("/refresh")
  public Response refresh(@Valid @NotNull AccountRequests.Refresh body, HttpServerRequest request) {
    return tokens(accounts.refresh(body.refreshToken(), Origin.of(request)));
  }

  @POST
  @Path("/logout")
  public Response logout(@Valid @NotNull AccountRequests.Refresh body, HttpServerRequest request) {
    accounts.logout(body.refreshToken(), Origin.of(request));
    return Response.noContent().build();
  }

  @GET
  @Path("/me")
  @Authenticated
  public AccountRequests.Me me() {
    Caller caller = Caller.of(identity);
    User user = accounts.user(caller.userId()).orElseThrow(Caller::unknownAccount);
    return new AccountRequests.Me(
        user.id().toString(),
        user.email(),
        AccountRequests.sorted(user.roles()),
        caller.amr(),
        user.totpEnabled());
  }

  /** RFC 6749 section 5.1: token responses are never cached. */
  public static Response tokens(TokenResponse body) {
    return Response.ok(body)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Pragma", "no-cache")
        .build();
  }
}
