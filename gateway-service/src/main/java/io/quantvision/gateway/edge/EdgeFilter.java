package io.quantvision.gateway.edge;

import io.quantvision.support.web.Problems;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the edge does to every request on the public port before anything else: security headers on
 * the response (set just before the headers leave, so errors and proxied responses get them too,
 * overriding an upstream's), the HTTPS redirect for plain-HTTP clients behind a trusted proxy, and
 * the IP allow-list of the admin and monitoring APIs.
 */
@ApplicationScoped
public class EdgeFilter {

  /** Right after service-support's request id (-1000) and body limit (-999). */
  static final int ORDER = -990;

  private static final List<String> ADMIN_PREFIXES = List.of("/api/v1/admin", "/api/v1/monitoring");

  private final EdgeConfig config;
  private final ClientAddress clientAddress;
  private final List<Cidr> adminAllowed;

  EdgeFilter(
      EdgeConfig config,
      ClientAddress clientAddress,
      @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> corsOrigins) {
    // credentials are allowed, so a wildcard origin would hand every site the user's session
    if (corsOrigins.orElse(List.of()).stream().anyMatch(o -> o.contains("*"))) {
      throw new IllegalStateException(
          "CORS_ALLOWED_ORIGINS must list origins; a wildcard is refused (credentials allowed)");
    }
    this.config = config;
    this.clientAddress = clientAddress;
    this.adminAllowed = Cidr.parseAll(config.adminAllowedCidrs());
  }

  /**
   * Before everything that may answer early (service-support's request id at -1000 and body limit
   * at -999: a 413 must carry the headers too).
   */
  static final int HEADERS_ORDER = -1_001;

  void register(@Observes Router router) {
    router.route().order(HEADERS_ORDER).handler(this::withSecurityHeaders);
    router.route().order(ORDER).handler(this::handle);
  }

  private void withSecurityHeaders(RoutingContext ctx) {
    boolean authPath = Paths.under(ctx.normalizedPath(), "/api/v1/auth");
    ctx.addHeadersEndHandler(v -> securityHeaders(ctx.response().headers(), authPath));
    ctx.next();
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = ctx.normalizedPath();
    if (config.redirectToHttps()
        && "http".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))
        && clientAddress.viaTrustedProxy(request)) {
      redirect(ctx);
      return;
    }
    if (ADMIN_PREFIXES.stream().anyMatch(prefix -> Paths.under(path, prefix))
        && !Cidr.anyContains(adminAllowed, clientAddress.of(request))) {
      Problems.write(
          ctx, Problems.ofStatus(403, "This API is reachable from the operators' networks only"));
      return;
    }
    ctx.next();
  }

  private void securityHeaders(MultiMap headers, boolean authPath) {
    headers
        .set("Strict-Transport-Security", config.strictTransportSecurity())
        .set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .set("X-Content-Type-Options", "nosniff")
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("Permissions-Policy", config.permissionsPolicy());
    if (authPath) {
      headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }

  private static void redirect(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String host = request.getHeader("X-Forwarded-Host");
    if (host == null || host.isBlank()) {
      host = request.authority() != null ? request.authority().host() : request.host();
    }
    // a host we cannot vouch for must not become a redirect target
    if (host == null || !host.matches("[A-Za-z0-9.-]+(:\\d{1,5})?")) {
      Problems.write(ctx, Problems.ofStatus(400, "HTTPS is required"));
      return;
    }
    ctx.response()
        .setStatusCode(308)
        .putHeader(HttpHeaders.LOCATION, "https://" + host.replaceAll(":\\d+$", "") + request.uri())
        .end();
  }
}
