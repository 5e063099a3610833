package io.quantvision.support.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Paths no resource matches, and failures Vert.x raises before JAX-RS runs (a body over the size
 * limit, say), still answer with problem+json rather than an empty or HTML body.
 */
@ApplicationScoped
public class UnmatchedRouteHandler {

  private static final Logger LOG = Logger.getLogger(UnmatchedRouteHandler.class);

  void register(@Observes Router router) {
    router
        .route()
        .order(Integer.MAX_VALUE)
        .handler(
            ctx ->
                Problems.write(
                    ctx, Problems.ofStatus(404, "No resource at " + ctx.request().path())));
    router
        .route()
        .order(RequestIdFilter.ORDER)
        .failureHandler(
            ctx -> {
              int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
              if (status >= 500) {
                LOG.errorf(
                    ctx.failure(),
                    "request %s %s failed before reaching its endpoint",
                    ctx.request().method(),
                    ctx.request().path());
              }
              String detail =
                  status == 413
                      ? "The request body is larger than this endpoint accepts"
                      : status >= 500
                          ? "An unexpected error occurred; quote the request id when reporting it"
                          : null;
              Problems.write(ctx, Problems.ofStatus(status, detail));
            });
  }
}
