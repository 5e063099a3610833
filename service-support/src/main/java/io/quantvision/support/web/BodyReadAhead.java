package io.quantvision.support.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a small request body (declared Content-Length up to {@code qv.http.read-ahead-limit}) on
 * the event loop, before the request reaches its endpoint; the endpoint then gets it from memory.
 *
 * <p>Why: RESTEasy Reactive hands a blocking endpoint its body through a stream that the worker
 * thread reads while the event loop feeds it, both synchronizing on the connection. Under load the
 * event loop spun on that monitor: a quarter of trading-service's CPU samples at 300 orders/s (JFR,
 * see benchmarks/trading/RESULTS.md). Bodies of unknown or larger size are still streamed; a
 * service that proxies bodies (the gateway) sets the limit to 0. HTTP/2 requests are left alone.
 */
@ApplicationScoped
public class BodyReadAhead {

  private final long limit;

  BodyReadAhead(
      @ConfigProperty(name = "qv.http.read-ahead-limit", defaultValue = "16384") long limit) {
    this.limit = limit;
  }

  void register(@Observes Router router) {
    if (limit <= 0) {
      return;
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
    router
        .route()
        .order(RequestIdFilter.ORDER + 2)
        .handler(
            ctx -> {
              // HTTP/1 only: RESTEasy Reactive pauses the request it is given, which an HTTP/2
              // request (an h2c upgrade, say) refuses once its body has been read
              if (ctx.request().version() != HttpVersion.HTTP_2 && declaredSmall(ctx.request())) {
                body.handle(ctx);
              } else {
                ctx.next();
              }
            });
  }

  private boolean declaredSmall(HttpServerRequest request) {
    long length = BodyLimitFilter.declaredLength(request);
    return length > 0 && length <= limit;
  }
}
