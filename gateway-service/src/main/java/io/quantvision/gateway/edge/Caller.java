package io.quantvision.gateway.edge;

import io.quantvision.gateway.identity.ApiKeyVerifier.KeyOwner;
import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request, as far as the edge can tell: a verified JWT's subject, an API key's owner, or
 * nobody (then only the client IP). Resolved once per request by {@link Callers}.
 *
 * @param principal the rate-limit principal: {@code user:<sub>}, {@code key:<id>} or {@code
 *     ip:<address>}
 * @param actor what the audit log records: the user id, {@code key:<id>} or {@code anonymous}
 * @param bearer the JWT a caller presented (forwarded upstream), null otherwise
 * @param keyOwner the API key's owner, null otherwise
 * @param credentialsRejected true when credentials were presented but are not valid
 */
public record Caller(
    String principal, String actor, String bearer, KeyOwner keyOwner, boolean credentialsRejected) {

  static final String KEY = "qv.caller";

  public boolean authenticated() {
    return bearer != null || keyOwner != null;
  }

  public static Caller of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
