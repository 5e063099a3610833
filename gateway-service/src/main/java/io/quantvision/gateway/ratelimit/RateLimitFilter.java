package io.quantvision.gateway.ratelimit;

import io.quantvision.gateway.edge.Caller;
import io.quantvision.gateway.edge.ClientAddress;
import io.quantvision.gateway.edge.Paths;
import io.quantvision.support.web.Problems;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Counts every request on the public port against its principal's budget and answers 429 when it is
 * spent. Every response carries {@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers); a 429 also {@code Retry-After}. Login and the 2FA steps
 * have their own, stricter budget per client IP.
 */
@ApplicationScoped
public class RateLimitFilter {

  /** After the edge filter (-990) and caller resolution (-985). */
  static final int ORDER = -980;

  private final RateLimiter limiter;
  private final ClientAddress clientAddress;
  private final Policy standard;
  private final Policy auth;

  RateLimitFilter(RateLimiter limiter, ClientAddress clientAddress, RateLimitConfig config) {
    this.limiter = limiter;
    this.clientAddress = clientAddress;
    this.standard =
        new Policy(
            "std",
            List.of(
                new Policy.Window("minute", config.perMinute(), 60),
                new Policy.Window("hour", config.perHour(), 3600)));
    this.auth =
        new Policy(
            "auth",
            List.of(
                new Policy.Window("auth-minute", config.auth().perMinute(), 60),
                new Policy.Window("auth-hour", config.auth().perHour(), 3600)));
  }

  void register(@Observes Router router) {
    router.route().order(ORDER).handler(this::limit);
  }

  private void limit(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean authStep = path.equals("/api/v1/auth/login") || Paths.under(path, "/api/v1/auth/2fa");
    Policy policy = authStep ? auth : standard;
    String principal;
    if (authStep) {
      principal = "ip:" + clientAddress.of(ctx.request());
    } else {
      Caller caller = Caller.of(ctx);
      principal = caller != null ? caller.principal() : "ip:" + clientAddress.of(ctx.request());
    }
    // hold the body back while Redis decides; whoever reads it next resumes the request
    ctx.request().pause();
    limiter
        .decide(principal, policy)
        .onComplete(
            result -> {
              Decision decision = result.result();
              MultiMap headers = ctx.response().headers();
              headers.set("RateLimit-Policy", policy.header());
              int w = decision.tightest();
              headers.set(
                  "RateLimit",
                  "\""
                      + policy.windows().get(w).name()
                      + "\";r="
                      + decision.remaining()[w]
                      + ";t="
                      + seconds(decision.resetMillis()[w]));
              if (decision.allowed()) {
                ctx.next();
                return;
              }
              long retryAfter = Math.max(1, seconds(decision.retryAfterMillis()));
              headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
              ctx.request().resume();
              Problems.write(
                  ctx,
                  Problems.ofStatus(429, "Too many requests; retry in " + retryAfter + " seconds")
                      .with("retry_after", retryAfter));
            });
  }

  private static long seconds(long millis) {
    return (millis + 999) / 1000;
  }
}
