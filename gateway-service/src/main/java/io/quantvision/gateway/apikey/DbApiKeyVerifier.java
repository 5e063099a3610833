package io.quantvision.gateway.apikey;

import io.agroal.api.AgroalDataSource;
import io.quantvision.gateway.identity.ApiKeyVerifier;
import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Verifies {@code qv_<id>_<secret>} keys against PostgreSQL (one indexed lookup), caching live keys
 * for {@code qv.identity.api-keys.cache-ttl} per instance: a revocation on this instance takes
 * effect at once, on another within that TTL. Unknown keys are not cached (the edge's rate limit
 * bounds how often they reach the database).
 */
@ApplicationScoped
public class DbApiKeyVerifier implements ApiKeyVerifier {

  private static final Pattern FORMAT = Pattern.compile("qv_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
  private static final int MAX_CACHED = 10_000;

  private final AgroalDataSource dataSource;
  private final Duration cacheTtl;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  DbApiKeyVerifier(AgroalDataSource dataSource, IdentityConfig config) {
    this.dataSource = dataSource;
    this.cacheTtl = config.apiKeys().cacheTtl();
  }

  private record Cached(KeyOwner owner, Instant until) {}

  static String format(String id, String secret) {
    return "qv_" + id + "_" + secret;
  }

  @Override
  public Optional<KeyOwner> verify(String rawKey) {
    if (rawKey == null) {
      return Optional.empty();
    }
    var match = FORMAT.matcher(rawKey.trim());
    if (!match.matches()) {
      return Optional.empty();
    }
    String fingerprint = Secrets.sha256Hex(match.group(2));
    String cacheKey = match.group(1) + ":" + fingerprint;
    Instant now = Instant.now();
    Cached cached = cache.get(cacheKey);
    if (cached != null && now.isBefore(cached.until())) {
      return Optional.of(cached.owner());
    }
    Optional<Cached> loaded = load(match.group(1), fingerprint, now);
    if (loaded.isEmpty()) {
      cache.remove(cacheKey);
      return Optional.empty();
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(cacheKey, loaded.get());
    return Optional.of(loaded.get().owner());
  }

  /** Drops a key from this instance's cache (revocation, rotation). */
  void forget(String keyId) {
    cache.keySet().removeIf(k -> k.startsWith(keyId + ":"));
  }

  private Optional<Cached> load(String id, String fingerprint, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT k.user_id, k.secret_hash, k.previous_secret_hash, k.previous_valid_until,"
                    + " u.email, u.roles FROM api_keys k JOIN users u ON u.id = k.user_id"
                    + " WHERE k.id = ? AND k.revoked_at IS NULL")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Instant until = now.plus(cacheTtl);
        boolean current = Secrets.same(fingerprint, rs.getString("secret_hash"));
        if (!current) {
          Timestamp graceEnd = rs.getTimestamp("previous_valid_until");
          boolean previous =
              Secrets.same(fingerprint, rs.getString("previous_secret_hash"))
                  && graceEnd != null
                  && now.isBefore(graceEnd.toInstant());
          if (!previous) {
            return Optional.empty();
          }
          until = until.isBefore(graceEnd.toInstant()) ? until : graceEnd.toInstant();
        }
        Set<String> roles = Set.copyOf(Arrays.asList((String[]) rs.getArray("roles").getArray()));
        KeyOwner owner =
            new KeyOwner(id, rs.getObject("user_id").toString(), rs.getString("email"), roles);
        return Optional.of(new Cached(owner, until));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot verify an API key", e);
    }
  }
}
