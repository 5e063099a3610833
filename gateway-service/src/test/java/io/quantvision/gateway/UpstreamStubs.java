package io.quantvision.gateway;

import io.quantvision.testing.infra.Infrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The services behind the gateway, as a real HTTP server on a loopback port (market-data, analysis
 * and trading all point at it; alert points at a port nothing listens on). Paths: {@code .../slow}
 * answers after 3 s, {@code .../hop} answers with hop-by-hop headers, {@code /api/v1/analysis/...}
 * answers 503, everything else echoes what arrived as JSON.
 */
@WithTestResource(value = UpstreamStubs.class, scope = TestResourceScope.GLOBAL)
public class UpstreamStubs implements QuarkusTestResourceLifecycleManager {

  public static final AtomicInteger REQUESTS = new AtomicInteger();
  public static final AtomicReference<HttpServerRequest> LAST = new AtomicReference<>();
  private static Vertx vertx;
  private static HttpServer server;

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    try {
      server =
          vertx
              .createHttpServer()
              .requestHandler(UpstreamStubs::handle)
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the upstream stub", e);
    }
    String url = "http://127.0.0.1:" + server.actualPort();
    int nothingListens;
    try {
      nothingListens = Infrastructure.freePort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "qv.upstreams.market-data-url",
        url,
        "qv.upstreams.analysis-url",
        url,
        "qv.upstreams.trading-url",
        url,
        "qv.upstreams.alert-url",
        "http://127.0.0.1:" + nothingListens,
        "qv.upstreams.timeout",
        "1s",
        "qv.upstreams.breaker.failure-threshold",
        "3",
        "qv.upstreams.breaker.open-for",
        "3s",
        // a fresh budget for every run; a decision may wait on a busy machine
        "qv.rate-limit.key-prefix",
        "qv:gw:rl:test:" + UUID.randomUUID(),
        // and fresh login counters: no lock another run (or a suite on this Redis) left behind
        "qv.identity.lockout.key-prefix",
        "qv:gw:test:" + UUID.randomUUID() + ":login:",
        "qv.rate-limit.redis-timeout",
        "2s");
  }

  private static void handle(HttpServerRequest request) {
    REQUESTS.incrementAndGet();
    LAST.set(request);
    String path = request.path();
    if (path.startsWith("/api/v1/analysis")) {
      request.response().setStatusCode(503).end();
    } else if (path.endsWith("/slow")) {
      vertx.setTimer(3000, t -> request.response().end("{}"));
    } else if (path.endsWith("/hop")) {
      request
          .response()
          .putHeader("Connection", "X-Hop-Secret")
          .putHeader("X-Hop-Secret", "must-not-pass")
          .putHeader("Keep-Alive", "timeout=5")
          .putHeader("X-Frame-Options", "SAMEORIGIN")
          .putHeader("X-Upstream", "kept")
          .end("{}");
    } else {
      request
          .body()
          .onSuccess(
              body -> {
                JsonObject headers = new JsonObject();
                MultiMap all = request.headers();
                all.names()
                    .forEach(n -> headers.put(n.toLowerCase(), String.join("|", all.getAll(n))));
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("body_length", body.length())
                            .put("headers", headers)
                            .encode());
              });
    }
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close();
    }
  }
}
