package io.quantvision.support.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link JWTParser} every service's bearer authentication (and the gateway's edge) uses:
 * smallrye-jwt's own, with the tokens it verified remembered until they expire.
 *
 * <p>Every request carries the caller's JWT and every service verifies it (parse, RS256 signature,
 * claims): under load that was ~9% of trading-service's CPU per order. A client sends the same
 * access token for its whole 15-minute life, so the exact same token string gets the same verified
 * {@link JsonWebToken} back without a second signature check. Nothing is accepted that would not
 * be: any other byte (claim, signature) is another key and is verified in full; a token is never
 * served from here at or past its {@code exp} (the full check, with its clock skew, decides then);
 * failures are not remembered; and a JWT cannot be revoked before it expires anyway. Bounded:
 * cleared when {@value #MAX_ENTRIES} tokens are held (only verified tokens get in); an entry
 * retains ~2.3 KB of heap (measured with the suite's tokens), so ~23 MB at the bound.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

  static final int MAX_ENTRIES = 10_000;

  private final JWTParser delegate;
  private final LongSupplier clockMillis;
  private final int maxEntries;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  @Inject
  VerifiedTokens(DefaultJWTParser delegate) {
    this(delegate, System::currentTimeMillis, MAX_ENTRIES);
  }

  VerifiedTokens(JWTParser delegate, LongSupplier clockMillis, int maxEntries) {
    this.delegate = delegate;
    this.clockMillis = clockMillis;
    this.maxEntries = maxEntries;
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    long now = clockMillis.getAsLong();
    Verified known = verified.get(token);
    if (known != null) {
      if (now < known.expiresAtMillis()) {
        return known.jwt();
      }
      verified.remove(token, known);
    }
    JsonWebToken jwt = delegate.parse(token);
    long expiresAtMillis = jwt.getExpirationTime() * 1000;
    if (now < expiresAtMillis) {
      if (verified.size() >= maxEntries) {
        verified.clear();
      }
      verified.put(token, new Verified(jwt, expiresAtMillis));
    }
    return jwt;
  }

  /** Tokens held now (tests). */
  int size() {
    return verified.size();
  }

  /** Whether this token is held (tests). */
  boolean holds(String token) {
    return verified.containsKey(token);
  }

  // other verification settings than the service's: never from the cache

  @Override
  public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
    return delegate.parse(token, context);
  }

  @Override
  public JsonWebToken verify(String token, PublicKey key) throws ParseException {
    return delegate.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, SecretKey key) throws ParseException {
    return delegate.verify(token, key);
  }

  @Override
  public JsonWebToken verify(String token, String secret) throws ParseException {
    return delegate.verify(token, secret);
  }

  @Override
  public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
    return delegate.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
    return delegate.decrypt(token, key);
  }

  @Override
  public JsonWebToken decrypt(String token, String secret) throws ParseException {
    return delegate.decrypt(token, secret);
  }

  @Override
  public JsonWebToken parseOnly(String token) throws ParseException {
    return delegate.parseOnly(token);
  }

  private record Verified(JsonWebToken jwt, long expiresAtMillis) {}
}
