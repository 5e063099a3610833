package io.quantvision.gateway.identity;

import io.quantvision.support.web.RequestIds;
import io.vertx.core.http.HttpServerRequest;

/** Where a request came from, as the audit log and the lockout see it. */
public record Origin(String clientIp, String requestId) {

  public static Origin of(HttpServerRequest request) {
    return new Origin(
        ClientIps.of(request), request == null ? null : request.getHeader(RequestIds.HEADER));
  }
}
