package io.quantvision.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quantvision.common.problem.Problem;
import io.quantvision.gateway.audit.AuditLog;
import io.quantvision.gateway.edge.Caller;
import io.quantvision.gateway.edge.Callers;
import io.quantvision.gateway.edge.ClientAddress;
import io.quantvision.gateway.identity.UpstreamTokens;
import io.quantvision.support.web.Problems;
import io.quantvision.support.web.RequestIds;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Streams {@code /api/v1/...} calls to the service that owns them (vertx-http-proxy: bodies flow
 * through, never buffered whole). Only authenticated calls go out: the caller's JWT is forwarded,
 * or, for an API key, a JWT identity mints for its owner. Failures of the upstream are the
 * gateway's problem+json: refused 502, breaker open 503, no answer in time 504.
 */
@ApplicationScoped
public class ReverseProxy {

  private static final Logger LOG = Logger.getLogger(ReverseProxy.class);
  private static final Set<HttpMethod> MUTATING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  /** Headers the gateway itself sets on responses; an upstream's copies are dropped. */
  private static final List<String> GATEWAY_RESPONSE_HEADERS =
      List.of(RequestIds.HEADER, "RateLimit", "RateLimit-Policy");

  /**
   * RFC 9110 hop-by-hop headers vertx-http-proxy does not drop from every response itself
   * (Transfer-Encoding stays: it tells the proxy how to frame the body it streams).
   */
  private static final List<String> HOP_BY_HOP =
      List.of(
          "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Upgrade");

  private static final List<String> OUTCOMES =
      List.of("success", "client_error", "server_error", "unavailable", "timeout");

  private final RouteTable routes;
  private final UpstreamConfig config;
  private final Vertx vertx;
  private final ClientAddress clientAddress;
  private final UpstreamTokens upstreamTokens;
  private final AuditLog auditLog;
  private final MeterRegistry registry;
  private final long bodyLimit;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private HttpClient client;

  ReverseProxy(
      RouteTable routes,
      UpstreamConfig config,
      Vertx vertx,
      ClientAddress clientAddress,
      UpstreamTokens upstreamTokens,
      AuditLog auditLog,
      MeterRegistry registry,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
          MemorySize bodyLimit) {
    this.routes = routes;
    this.config = config;
    this.vertx = vertx;
    this.clientAddress = clientAddress;
    this.upstreamTokens = upstreamTokens;
    this.auditLog = auditLog;
    this.registry = registry;
    this.bodyLimit = bodyLimit.asLongValue();
    for (Upstream upstream : routes.upstreams()) {
      breakers.put(
          upstream.name(),
          new CircuitBreaker(
              config.breaker().failureThreshold(),
              config.breaker().openFor().toMillis(),
              System::currentTimeMillis));
      // every series exists from the start, so dashboards and the catalogue check see them
      for (String outcome : OUTCOMES) {
        timers.put(upstream.name() + "/" + outcome, timer(upstream.name(), outcome));
      }
      retries.put(
          upstream.name(),
          Counter.builder("qv.gateway.upstream.retries")
              .description(
                  "Safe calls sent again after the upstream closed the connection unanswered")
              .tag("upstream", upstream.name())
              .register(registry));
    }
  }

  void register(@Observes Router router) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnections())
                .setKeepAlive(true)
                .setTcpNoDelay(true));
    // before Quarkus REST (ROUTE_ORDER_DEFAULT), after the edge filters and the limiter
    router.route("/api/v1/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::route);
  }

  /** Closes every breaker (tests; an operator would restart instead). */
  public void resetBreakers() {
    breakers.values().forEach(CircuitBreaker::reset);
  }

  private void route(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    Upstream upstream = routes.resolve(path).orElse(null);
    if (upstream == null) {
      ctx.next();
      return;
    }
    Caller caller = Caller.of(ctx);
    if (MUTATING.contains(ctx.request().method())) {
      ctx.addEndHandler(done -> audit(ctx, caller, path));
    }
    if (caller == null || !caller.authenticated()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      fail(
          ctx,
          Problem.of(
              401, "unauthorized", "Unauthorized", "A valid bearer token or API key is required"));
      return;
    }
    CircuitBreaker breaker = breakers.get(upstream.name());
    long started = System.nanoTime();
    if (!breaker.tryAcquire()) {
      record(upstream, "unavailable", started);
      fail(
          ctx,
          Problems.ofStatus(
              503, "The " + upstream.name() + " service is failing; the call was not attempted"));
      return;
    }
    String bearer =
        caller.bearer() != null ? caller.bearer() : upstreamTokens.forApiKey(caller.keyOwner());
    call(ctx, upstream, breaker, started, bearer, retriable(ctx.request()));
  }

  /**
   * One call to the upstream. {@code retry}: a failure before any answer (the connection closed or
   * was reset, not a timeout) is tried once more on another connection. A pooled keep-alive
   * connection the upstream closes as the request arrives fails that way without the upstream
   * having acted on it; RFC 9110 9.2.2 lets a client repeat a safe request then, as nginx does.
   */
  private void call(
      RoutingContext ctx,
      Upstream upstream,
      CircuitBreaker breaker,
      long started,
      String bearer,
      boolean retry) {
    ProxyRequest proxyRequest = ProxyRequest.reverseProxy(ctx.request());
    prepare(ctx, proxyRequest, bearer);
    RequestOptions options =
        new RequestOptions()
            .setHost(upstream.host())
            .setPort(upstream.port())
            .setSsl(upstream.ssl())
            .setIdleTimeout(config.timeout().toMillis());
    client
        .request(options)
        .onComplete(
            connected -> {
              if (connected.failed()) {
                upstreamFailed(ctx, upstream, breaker, started, connected.cause());
                return;
              }
              // the failure reaches the response future below; without a handler Vert.x would
              // also log every upstream timeout as an ERROR
              connected
                  .result()
                  .exceptionHandler(e -> LOG.debugf("%s: %s", upstream.name(), e.toString()));
              // a client that goes away cancels its upstream call
              ctx.response().closeHandler(v -> connected.result().reset());
              if (limitChunkedBody(ctx, proxyRequest, connected.result()::reset)) {
                return;
              }
              proxyRequest
                  .send(connected.result())
                  .onComplete(
                      answered -> {
                        if (answered.failed()) {
                          if (retry
                              && !ctx.response().closed()
                              && connectionLost(answered.cause())) {
                            LOG.debugf(
                                "%s closed the connection before answering; once more: %s",
                                upstream.name(), answered.cause().toString());
                            retries.get(upstream.name()).increment();
                            call(ctx, upstream, breaker, started, bearer, false);
                            return;
                          }
                          upstreamFailed(ctx, upstream, breaker, started, answered.cause());
                          return;
                        }
                        respond(ctx, upstream, breaker, started, answered.result());
                      });
            });
  }

  /** Safe (RFC 9110 9.2.1) and without a body: nothing to replay but the head. */
  private static boolean retriable(HttpServerRequest request) {
    HttpMethod method = request.method();
    return (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS)
        && !request.headers().contains(HttpHeaders.CONTENT_LENGTH)
        && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  /** The connection closed or was reset under the call: no answer came, none will. */
  private static boolean connectionLost(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof io.vertx.core.http.HttpClosedException) {
        return true;
      }
      if (t instanceof java.io.IOException && !(t instanceof ConnectException)) {
        return t.getMessage() != null && t.getMessage().contains("reset");
      }
    }
    return false;
  }

  private void prepare(RoutingContext ctx, ProxyRequest proxyRequest, String bearer) {
    HttpServerRequest request = ctx.request();
    MultiMap headers = proxyRequest.headers();
    dropConnectionListed(headers);
    HOP_BY_HOP.forEach(headers::remove);
    headers.remove(Callers.API_KEY_HEADER);
    headers.remove("Forwarded");
    headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    String client = clientAddress.of(request);
    boolean trusted = clientAddress.viaTrustedProxy(request);
    String forwardedFor = trusted ? request.getHeader("X-Forwarded-For") : null;
    String peer = request.remoteAddress() != null ? request.remoteAddress().hostAddress() : client;
    headers.set(
        "X-Forwarded-For",
        forwardedFor == null || forwardedFor.isBlank() ? peer : forwardedFor + ", " + peer);
    String proto = trusted ? request.getHeader("X-Forwarded-Proto") : null;
    headers.set("X-Forwarded-Proto", proto != null ? proto : request.scheme());
    String host = trusted ? request.getHeader("X-Forwarded-Host") : null;
    if (host == null && request.authority() != null) {
      host = request.authority().toString();
    }
    if (host != null) {
      headers.set("X-Forwarded-Host", host);
    }
    String query = request.query();
    proxyRequest.setURI(ctx.normalizedPath() + (query == null ? "" : "?" + query));
    String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
    if (!request.headers().contains(HttpHeaders.CONTENT_LENGTH) && encoding == null) {
      // no body (RFC 9112 6.3): end the upstream request at once instead of waiting on a stream
      // that a client which goes away would never end
      proxyRequest.setBody(null);
    }
    if (ctx.body() != null && ctx.body().available() && ctx.body().buffer() != null) {
      // a body something before us already read (not the case for proxied routes today)
      proxyRequest.setBody(Body.body(ctx.body().buffer()));
    }
  }

  /** A body without Content-Length is counted as it streams; over the limit → 413. */
  private boolean limitChunkedBody(
      RoutingContext ctx, ProxyRequest proxyRequest, Runnable abortUpstream) {
    String encoding = ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
    if (ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)
        || encoding == null
        || !encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")
        || ctx.request().isEnded()) {
      return false;
    }
    proxyRequest.setBody(
        Body.body(
            new LimitedBody(
                ctx.request(),
                bodyLimit,
                () -> {
                  // answer first: aborting the upstream call fails it, and that must not be a 502
                  ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                  Problems.write(
                      ctx,
                      Problems.ofStatus(
                          413,
                          "The request body is larger than the " + bodyLimit + " bytes allowed"));
                  abortUpstream.run();
                }),
            -1));
    return false;
  }

  private void respond(
      RoutingContext ctx,
      Upstream upstream,
      CircuitBreaker breaker,
      long started,
      ProxyResponse response) {
    int status = response.getStatusCode();
    if (status == 502 || status == 503 || status == 504) {
      breaker.onFailure();
    } else {
      breaker.onSuccess();
    }
    MultiMap headers = response.headers();
    dropConnectionListed(headers);
    HOP_BY_HOP.forEach(headers::remove);
    GATEWAY_RESPONSE_HEADERS.forEach(headers::remove);
    response
        .send()
        .onComplete(
            sent -> {
              String outcome =
                  sent.failed()
                      ? timedOut(sent.cause()) ? "timeout" : "unavailable"
                      : status >= 500 ? "server_error" : status >= 400 ? "client_error" : "success";
              record(upstream, outcome, started);
            });
  }

  private void upstreamFailed(
      RoutingContext ctx,
      Upstream upstream,
      CircuitBreaker breaker,
      long started,
      Throwable cause) {
    if (ctx.response().closed()) {
      // the client left and the call was cancelled: not the upstream's failure
      return;
    }
    breaker.onFailure();
    boolean timeout = timedOut(cause);
    record(upstream, timeout ? "timeout" : "unavailable", started);
    LOG.debugf("%s did not answer: %s", upstream.name(), cause.toString());
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    fail(
        ctx,
        timeout
            ? Problems.ofStatus(504, "The " + upstream.name() + " service did not answer in time")
            : Problems.ofStatus(502, "The " + upstream.name() + " service is unreachable"));
  }

  private static boolean timedOut(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException
          || (t.getMessage() != null && t.getMessage().contains("timeout period"))) {
        return true;
      }
      if (t instanceof ConnectException) {
        return false;
      }
    }
    return false;
  }

  private static void fail(RoutingContext ctx, Problem problem) {
    ctx.request().resume();
    Problems.write(ctx, problem);
  }

  /** RFC 9110 7.6.1: headers a {@code Connection} header names are hop-by-hop too. */
  private static void dropConnectionListed(MultiMap headers) {
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          headers.remove(name);
        }
      }
    }
    headers.remove(HttpHeaders.CONNECTION);
  }

  private void record(Upstream upstream, String outcome, long started) {
    timers
        .computeIfAbsent(upstream.name() + "/" + outcome, k -> timer(upstream.name(), outcome))
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private Timer timer(String upstream, String outcome) {
    return Timer.builder("qv.gateway.upstream.requests")
        .description("Calls proxied to the services behind the gateway")
        .tag("upstream", upstream)
        .tag("outcome", outcome)
        .register(registry);
  }

  private void audit(RoutingContext ctx, Caller caller, String path) {
    AuditLog.AuditEvent event =
        new AuditLog.AuditEvent(
            caller != null ? caller.actor() : "anonymous",
            "http." + ctx.request().method().name(),
            path,
            Integer.toString(ctx.response().getStatusCode()),
            clientAddress.of(ctx.request()),
            ctx.request().getHeader(RequestIds.HEADER));
    vertx
        .executeBlocking(
            () -> {
              auditLog.record(event);
              return null;
            },
            false)
        .onFailure(e -> LOG.errorf(e, "could not write the audit record of %s", event));
  }
}
