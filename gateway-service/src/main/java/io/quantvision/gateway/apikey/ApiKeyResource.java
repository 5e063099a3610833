package io.quantvision.gateway.apikey;

import io.quantvision.gateway.identity.Caller;
import io.quantvision.gateway.identity.Origin;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A user's API keys: create (secret shown once), list, revoke, rotate. */
@Path("/api/v1/auth/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class ApiKeyResource {

  private final ApiKeyService keys;
  private final SecurityIdentity identity;

  ApiKeyResource(ApiKeyService keys, SecurityIdentity identity) {
    this.keys = keys;
    this.identity = identity;
  }

  public record CreateRequest(@NotBlank @Size(max = 100) String name) {}

  @POST
  public Response create(@Valid CreateRequest body, HttpServerRequest request) {
    String name = body == null ? "default" : body.name();
    return Response.status(201)
        .entity(keys.create(Caller.of(identity), name, Origin.of(request)))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  @GET
  public ApiKeyService.KeyList list() {
    return keys.list(Caller.of(identity));
  }

  @DELETE
  @Path("/{id}")
  public Response revoke(@PathParam("id") String id, HttpServerRequest request) {
    keys.revoke(Caller.of(identity), id, Origin.of(request));
    return Response.noContent().build();
  }

  @POST
  @Path("/{id}/rotate")
  @Consumes(MediaType.WILDCARD)
  public Response rotate(@PathParam("id") String id, HttpServerRequest request) {
    return Response.ok(keys.rotate(Caller.of(identity), id, Origin.of(request)))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }
}
