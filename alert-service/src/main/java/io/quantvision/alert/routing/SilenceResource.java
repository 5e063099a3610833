package io.quantvision.alert.routing;

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
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Time-bound silences (admin): create, list the current ones, expire. */
@Path("/api/v1/alerts/silences")
@RolesAllowed(Roles.ADMIN)
public class SilenceResource {

  private final Silences silences;
  private final JsonWebToken jwt;

  SilenceResource(Silences silences, JsonWebToken jwt) {
    this.silences = silences;
    this.jwt = jwt;
  }

  @POST
  public Response create(@Valid @NotNull SilenceRequest request) {
    Silence silence = silences.create(request, jwt.getSubject());
    return Response.created(URI.create("/api/v1/alerts/silences/" + silence.id()))
        .entity(silence)
        .build();
  }

  @GET
  public Map<String, List<Silence>> list() {
    return Map.of("items", silences.current());
  }

  @DELETE
  @Path("/{id}")
  public Silence expire(@PathParam("id") String id) {
    try {
      return silences.expire(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No silence " + id);
    }
  }
}
