package io.quantvision.gateway.account;

import io.quantvision.common.security.Roles;
import io.quantvision.gateway.audit.ChainedAuditLog;
import io.quantvision.gateway.identity.Caller;
import io.quantvision.gateway.identity.Origin;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Identity administration: role grants and the audit chain check. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

  private final AccountService accounts;
  private final ChainedAuditLog audit;
  private final SecurityIdentity identity;

  AdminResource(AccountService accounts, ChainedAuditLog audit, SecurityIdentity identity) {
    this.accounts = accounts;
    this.audit = audit;
    this.identity = identity;
  }

  @POST
  @Path("/users/{id}/roles")
  public AccountRequests.UserView grant(
      @PathParam("id") UUID id,
      @Valid @NotNull AccountRequests.GrantRoles body,
      HttpServerRequest request) {
    Caller admin = Caller.of(identity);
    return AccountRequests.UserView.of(
        accounts.grantRoles(id, body.roles(), admin.userId().toString(), Origin.of(request)));
  }

  @GET
  @Path("/audit/verify")
  public ChainedAuditLog.ChainReport verifyAudit() {
    return audit.verify();
  }
}
