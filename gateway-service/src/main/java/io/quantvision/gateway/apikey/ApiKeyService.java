package io.quantvision.gateway.apikey;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.gateway.audit.ChainedAuditLog;
import io.quantvision.gateway.identity.Caller;
import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.Origin;
import io.quantvision.gateway.identity.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * API keys of a user: {@code qv_<id>_<secret>}, the 256-bit secret shown once and stored as SHA-256
 * (a random secret of that size needs no slow hash: there is nothing to guess). Rotation issues a
 * new secret and keeps the previous one valid for the configured grace period.
 */
@ApplicationScoped
public class ApiKeyService {

  private final AgroalDataSource dataSource;
  private final ChainedAuditLog audit;
  private final DbApiKeyVerifier verifier;
  private final IdentityConfig config;

  ApiKeyService(
      AgroalDataSource dataSource,
      ChainedAuditLog audit,
      DbApiKeyVerifier verifier,
      IdentityConfig config) {
    this.dataSource = dataSource;
    this.audit = audit;
    this.verifier = verifier;
    this.config = config;
  }

  public record Created(String id, String name, String key, Instant createdAt) {}

  public record Rotated(String id, String name, String key, Instant previousValidUntil) {}

  public record KeyView(String id, String name, Instant createdAt, Instant rotatedAt) {}

  public record KeyList(List<KeyView> items, String nextPageToken) {}

  @Transactional
  public Created create(Caller caller, String name, Origin origin) {
    String id = HexFormat.of().formatHex(Secrets.randomBytes(8));
    String secret = Secrets.randomToken(32);
    Instant now = Instant.now();
    update(
        "INSERT INTO api_keys (id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        id,
        caller.userId(),
        name,
        Secrets.sha256Hex(secret),
        Timestamp.from(now));
    audit.record(caller.userId().toString(), "auth.api_key.create", "key:" + id, "success", origin);
    return new Created(id, name, DbApiKeyVerifier.format(id, secret), now);
  }

  public KeyList list(Caller caller) {
    List<KeyView> keys = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, name, created_at, rotated_at FROM api_keys"
                    + " WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at, id")) {
      ps.setObject(1, caller.userId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp rotated = rs.getTimestamp("rotated_at");
          keys.add(
              new KeyView(
                  rs.getString("id"),
                  rs.getString("name"),
                  rs.getTimestamp("created_at").toInstant(),
                  rotated == null ? null : rotated.toInstant()));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list API keys", e);
    }
    return new KeyList(keys, null);
  }

  @Transactional
  public void revoke(Caller caller, String id, Origin origin) {
    int revoked =
        update(
            "UPDATE api_keys SET revoked_at = now()"
                + " WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
            id,
            caller.userId());
    if (revoked == 0) {
      throw ProblemException.notFound("No such API key");
    }
    verifier.forget(id);
    audit.record(caller.userId().toString(), "auth.api_key.revoke", "key:" + id, "success", origin);
  }

  @Transactional
  public Rotated rotate(Caller caller, String id, Origin origin) {
    String secret = Secrets.randomToken(32);
    Instant graceEnd = Instant.now().plus(config.apiKeys().rotationGrace());
    String name;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE api_keys SET previous_secret_hash = secret_hash,"
                    + " previous_valid_until = ?, secret_hash = ?, rotated_at = now()"
                    + " WHERE id = ? AND user_id = ? AND revoked_at IS NULL RETURNING name")) {
      ps.setTimestamp(1, Timestamp.from(graceEnd));
      ps.setString(2, Secrets.sha256Hex(secret));
      ps.setString(3, id);
      ps.setObject(4, caller.userId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw ProblemException.notFound("No such API key");
        }
        name = rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot rotate an API key", e);
    }
    // a key rotated twice: the first secret stops now, the cache must not keep it alive
    verifier.forget(id);
    audit.record(caller.userId().toString(), "auth.api_key.rotate", "key:" + id, "success", origin);
    return new Rotated(id, name, DbApiKeyVerifier.format(id, secret), graceEnd);
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write API keys", e);
    }
  }
}
