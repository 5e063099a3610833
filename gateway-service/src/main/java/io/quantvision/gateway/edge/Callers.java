package io.quantvision.gateway.edge;

import io.quantvision.gateway.identity.ApiKeyVerifier;
import io.quantvision.gateway.identity.ApiKeyVerifier.KeyOwner;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Works out, before the rate limiter runs, who is calling: a bearer JWT verified with the gateway's
 * key (smallrye-jwt, same settings as the services), or an {@code X-API-Key} checked by identity's
 * {@link ApiKeyVerifier} on a worker thread (it reads the database). Nothing is refused here; the
 * proxy refuses unauthenticated calls, and the gateway's own resources do their own checks.
 */
@ApplicationScoped
public class Callers {

  public static final String API_KEY_HEADER = "X-API-Key";
  static final int ORDER = EdgeFilter.ORDER + 5;
  private static final Logger LOG = Logger.getLogger(Callers.class);

  private final JWTParser parser;
  private final ApiKeyVerifier apiKeys;
  private final ClientAddress clientAddress;

  Callers(JWTParser parser, ApiKeyVerifier apiKeys, ClientAddress clientAddress) {
    this.parser = parser;
    this.apiKeys = apiKeys;
    this.clientAddress = clientAddress;
  }

  void register(@Observes Router router) {
    router.route().order(ORDER).handler(this::resolve);
  }

  private void resolve(RoutingContext ctx) {
    String anonymous = "ip:" + clientAddress.of(ctx.request());
    String rawKey = ctx.request().getHeader(API_KEY_HEADER);
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      ctx.put(Caller.KEY, bearer(token, anonymous));
      ctx.next();
    } else if (rawKey != null && !rawKey.isBlank()) {
      // the key lookup reads the database: off the event loop, with the request body held back
      ctx.request().pause();
      ctx.vertx()
          .executeBlocking(() -> apiKeys.verify(rawKey.trim()), false)
          .onComplete(
              result -> {
                Optional<KeyOwner> owner =
                    result.succeeded() && result.result() != null
                        ? result.result()
                        : Optional.empty();
                if (result.failed()) {
                  LOG.warnf(result.cause(), "API key verification failed");
                }
                ctx.put(
                    Caller.KEY,
                    owner
                        .map(o -> new Caller(o.principal(), o.principal(), null, o, false))
                        .orElseGet(() -> new Caller(anonymous, "anonymous", null, null, true)));
                ctx.next();
              });
    } else {
      boolean presented = authorization != null || (rawKey != null && !rawKey.isBlank());
      ctx.put(Caller.KEY, new Caller(anonymous, "anonymous", null, null, presented));
      ctx.next();
    }
  }

  /**
   * The JWT parser is service-support's {@code VerifiedTokens}: a token is verified (RS256 and
   * claims) once and remembered until it expires, as in every service behind the gateway.
   */
  private Caller bearer(String token, String anonymous) {
    try {
      JsonWebToken jwt = parser.parse(token);
      String subject = jwt.getSubject();
      if (subject == null || subject.isBlank()) {
        return new Caller(anonymous, "anonymous", null, null, true);
      }
      return new Caller("user:" + subject, subject, token, null, false);
    } catch (ParseException | RuntimeException e) {
      return new Caller(anonymous, "anonymous", null, null, true);
    }
  }
}
