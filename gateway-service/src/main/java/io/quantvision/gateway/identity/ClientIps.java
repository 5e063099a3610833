package io.quantvision.gateway.identity;

import io.quantvision.gateway.edge.ClientAddress;
import io.quarkus.arc.Arc;
import io.vertx.core.http.HttpServerRequest;

/**
 * The client address used for lockout and audit: the edge's {@link ClientAddress}, which believes
 * X-Forwarded-For only from a trusted proxy (the ALB, nginx), so lockout and audit see the same
 * client as the rate limiter and the admin allow-list. Static because {@link Origin} is built from
 * resource methods as a plain value.
 */
public final class ClientIps {

  private ClientIps() {}

  public static String of(HttpServerRequest request) {
    if (request == null) {
      return null;
    }
    return Arc.container().instance(ClientAddress.class).get().of(request);
  }
}
