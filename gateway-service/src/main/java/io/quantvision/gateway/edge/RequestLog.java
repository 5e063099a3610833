package io.quantvision.gateway.edge;

import io.quantvision.common.json.Json;
import io.quantvision.support.web.RequestIds;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;

/**
 * One line per request on the public port (logger {@code qv.request}): request id, principal,
 * method, path, status, latency, bytes. Never headers, never the query string (it may carry
 * secrets), never a body.
 *
 * <p>The fields travel as the record's MDC. With JSON console logs ({@code LOG_FORMAT=json}) they
 * are members of the line's {@code mdc} object, beside every other line's {@code request_id}, and
 * the message is a short summary; encoding them again as a JSON string inside {@code message} made
 * every query parse the line twice. With text logs the message is the fields as one JSON object.
 */
@ApplicationScoped
public class RequestLog {

  public static final String CATEGORY = "qv.request";
  private static final Logger LOG = Logger.getLogger(CATEGORY);

  private final boolean jsonConsole;

  RequestLog(
      @ConfigProperty(name = "quarkus.log.console.json.enabled", defaultValue = "false")
          boolean jsonConsole) {
    this.jsonConsole = jsonConsole;
  }

  void register(@Observes Router router) {
    router.route().order(EdgeFilter.ORDER - 1).handler(this::start);
  }

  private void start(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> log(ctx, started));
    ctx.next();
  }

  private void log(RoutingContext ctx, long started) {
    if (!LOG.isLoggable(Level.INFO)) {
      return;
    }
    Caller caller = Caller.of(ctx);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("request_id", ctx.request().getHeader(RequestIds.HEADER));
    fields.put("principal", caller != null ? caller.principal() : null);
    fields.put("method", ctx.request().method().name());
    fields.put("path", ctx.normalizedPath());
    fields.put("status", ctx.response().getStatusCode());
    fields.put("latency_ms", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
    fields.put("bytes_in", ctx.request().bytesRead());
    fields.put("bytes_out", ctx.response().bytesWritten());
    try {
      ExtLogRecord record = new ExtLogRecord(Level.INFO, message(fields), getClass().getName());
      Map<String, String> mdc = new LinkedHashMap<>();
      fields.forEach(
          (name, value) -> {
            if (value != null) {
              mdc.put(name, value.toString());
            }
          });
      record.setMdc(mdc);
      LOG.logRaw(record);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "cannot write a request log line", e);
    }
  }

  private String message(Map<String, Object> fields) throws Exception {
    if (jsonConsole) {
      return fields.get("method")
          + " "
          + fields.get("path")
          + " "
          + fields.get("status")
          + " "
          + fields.get("latency_ms")
          + " ms";
    }
    return Json.mapper().writeValueAsString(fields);
  }
}
