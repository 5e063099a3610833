package io.quantvision.support.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request an id before anything else runs: taken from {@code X-Request-Id} when the
 * caller (or the gateway) sent a sane one, generated otherwise. The id is written back onto the
 * request headers (so error bodies and proxied calls see the same one), onto the response, and into
 * the logging context.
 */
@ApplicationScoped
public class RequestIdFilter {

  /** Before Quarkus' own handlers (body, auth, REST), so that every response carries the id. */
  static final int ORDER = -1_000;

  void register(@Observes Router router) {
    router
        .route()
        .order(ORDER)
        .handler(
            ctx -> {
              String id = RequestIds.acceptOrCreate(ctx.request().getHeader(RequestIds.HEADER));
              ctx.request().headers().set(RequestIds.HEADER, id);
              ctx.response().putHeader(RequestIds.HEADER, id);
              MDC.put(RequestIds.MDC_KEY, id);
              ctx.addEndHandler(done -> MDC.remove(RequestIds.MDC_KEY));
              ctx.next();
            });
  }
}
