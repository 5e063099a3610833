package io.quantvision.gateway.edge;

import io.quantvision.common.json.Json;
import io.quantvision.support.web.RequestIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One JSON line per request on the public port (logger {@code qv.request}): request id, principal,
 * method, path, status, latency, bytes. Never headers, never the query string (it may carry
 * secrets), never a body.
 */
@ApplicationScoped
public class RequestLog {

  public static final String CATEGORY = "qv.request";
  private static final Logger LOG = Logger.getLogger(CATEGORY);

  void register(@Observes Router router) {
    router.route().order(EdgeFilter.ORDER - 1).handler(this::start);
  }

  private void start(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> log(ctx, started));
    ctx.next();
  }

  private void log(RoutingContext ctx, long started) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    Caller caller = Caller.of(ctx);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("request_id", ctx.request().getHeader(RequestIds.HEADER));
    line.put("principal", caller != null ? caller.principal() : null);
    line.put("method", ctx.request().method().name());
    line.put("path", ctx.normalizedPath());
    line.put("status", ctx.response().getStatusCode());
    line.put("latency_ms", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
    line.put("bytes_in", ctx.request().bytesRead());
    line.put("bytes_out", ctx.response().bytesWritten());
    try {
      LOG.info(Json.mapper().writeValueAsString(line));
    } catch (Exception e) {
      LOG.warn("cannot write a request log line", e);
    }
  }
}
