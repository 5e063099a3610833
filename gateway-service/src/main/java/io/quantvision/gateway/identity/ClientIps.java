package io.quantvision.gateway.identity;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client address used for lockout and audit. The direct peer for now: trusted-proxy handling
 * (X-Forwarded-For behind the ALB) belongs to the edge, which replaces this one method.
 */
public final class ClientIps {

  private ClientIps() {}

  public static String of(HttpServerRequest request) {
    if (request == null) {
      return null;
    }
    SocketAddress peer = request.remoteAddress();
    return peer == null ? null : peer.hostAddress();
  }
}
