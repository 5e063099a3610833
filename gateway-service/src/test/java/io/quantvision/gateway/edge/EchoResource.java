package io.quantvision.gateway.edge;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A gateway-own JAX-RS resource for tests only: shows that a body still reaches REST after the edge
 * handlers held the request back (API-key lookup, Redis decision).
 */
@Path("/test/edge/echo")
public class EchoResource {

  @POST
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public String echo(String body) {
    return "received " + body.length();
  }
}
