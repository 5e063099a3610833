package io.quantvision.gateway.edge;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The one place that says who the client is: the TCP peer, unless that peer is a trusted proxy, in
 * which case the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy.
 * Everything that needs the client IP (rate limits, admin allow-list, audit, request log) asks
 * here.
 */
@ApplicationScoped
public class ClientAddress {

  private final List<Cidr> trustedProxies;

  ClientAddress(EdgeConfig config) {
    this.trustedProxies = Cidr.parseAll(config.trustedProxies());
  }

  public String of(HttpServerRequest request) {
    String peer = peer(request);
    if (!Cidr.anyContains(trustedProxies, peer)) {
      return peer;
    }
    List<String> forwarded = request.headers().getAll("X-Forwarded-For");
    String client = peer;
    // walk from the nearest hop outwards; the first untrusted hop is the client
    for (int h = forwarded.size() - 1; h >= 0; h--) {
      String[] hops = forwarded.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (Cidr.literal(hop) == null) {
          return client;
        }
        client = hop;
        if (!Cidr.anyContains(trustedProxies, hop)) {
          return hop;
        }
      }
    }
    return client;
  }

  /** True when the direct peer is a trusted proxy (its X-Forwarded-* headers are believed). */
  public boolean viaTrustedProxy(HttpServerRequest request) {
    return Cidr.anyContains(trustedProxies, peer(request));
  }

  private static String peer(HttpServerRequest request) {
    SocketAddress remote =
        request.connection() != null ? request.connection().remoteAddress() : null;
    if (remote == null) {
      remote = request.remoteAddress();
    }
    return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
  }
}
