package io.quantvision.support.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared body over {@code quarkus.http.limits.max-body-size} with a 413 problem before
 * a byte of it is read. (Quarkus enforces the same limit itself, but answers with an empty body; a
 * chunked body without Content-Length still meets that bare 413.)
 */
@ApplicationScoped
public class BodyLimitFilter {

  private final long limit;

  BodyLimitFilter(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
          MemorySize limit) {
    this.limit = limit.asLongValue();
  }

  void register(@Observes Router router) {
    router
        .route()
        .order(RequestIdFilter.ORDER + 1)
        .handler(
            ctx -> {
              if (declaredLength(ctx.request()) > limit) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                Problems.write(
                    ctx,
                    Problems.ofStatus(
                        413, "The request body is larger than the " + limit + " bytes allowed"));
                return;
              }
              ctx.next();
            });
  }

  /** The request's declared Content-Length; -1 when it has none or an unreadable one. */
  static long declaredLength(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared == null) {
      return -1;
    }
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
