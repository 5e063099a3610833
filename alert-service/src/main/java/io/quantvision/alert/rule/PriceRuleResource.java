package io.quantvision.alert.rule;

import io.quantvision.alert.identity.Caller;
import io.quantvision.alert.identity.Callers;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's price rules: create, list, delete. */
@Path("/api/v1/alerts/rules")
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
public class PriceRuleResource {

  private final PriceRules rules;
  private final Callers callers;

  PriceRuleResource(PriceRules rules, Callers callers) {
    this.rules = rules;
    this.callers = callers;
  }

  @POST
  public Response create(@Valid @NotNull PriceRuleRequest request) {
    Caller caller = callers.current();
    PriceRules.Saved saved = rules.create(caller.userId(), caller.email(), request);
    PriceRule rule = saved.rule();
    if (!saved.created()) {
      // the same rule already exists: it is the answer, as for a replayed request
      return Response.ok(rule).build();
    }
    return Response.created(URI.create("/api/v1/alerts/rules/" + rule.id())).entity(rule).build();
  }

  @GET
  public Map<String, List<PriceRule>> list() {
    return Map.of("items", rules.of(callers.current().userId()));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No price rule " + id);
    }
    rules.delete(callers.current().userId(), uuid);
    return Response.noContent().build();
  }
}
