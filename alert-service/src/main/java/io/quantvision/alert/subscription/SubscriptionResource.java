package io.quantvision.alert.subscription;

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

/** The caller's business-notification subscriptions. */
@Path("/api/v1/alerts/subscriptions")
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
public class SubscriptionResource {

  private final Subscriptions subscriptions;
  private final Callers callers;

  SubscriptionResource(Subscriptions subscriptions, Callers callers) {
    this.subscriptions = subscriptions;
    this.callers = callers;
  }

  @POST
  public Response subscribe(@Valid @NotNull SubscriptionRequest request) {
    Caller caller = callers.current();
    Subscription s = subscriptions.subscribe(caller.userId(), caller.email(), request.kind());
    return Response.created(URI.create("/api/v1/alerts/subscriptions/" + s.id())).entity(s).build();
  }

  @GET
  public Map<String, List<Subscription>> list() {
    return Map.of("items", subscriptions.of(callers.current().userId()));
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No subscription " + id);
    }
    subscriptions.delete(callers.current().userId(), uuid);
    return Response.noContent().build();
  }
}
