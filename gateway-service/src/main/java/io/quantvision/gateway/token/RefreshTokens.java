package io.quantvision.gateway.token;

import io.agroal.api.AgroalDataSource;
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
import java.util.List;
import java.util.UUID;

/**
 * Opaque refresh tokens: 256 random bits, stored as SHA-256, one use each. A login starts a family;
 * every refresh marks the presented token used and issues its successor in the same family.
 * Presenting a used token means it was copied: the whole family is revoked. Callers own the
 * transaction.
 */
@ApplicationScoped
public class RefreshTokens {

  private final AgroalDataSource dataSource;
  private final Duration ttl;

  RefreshTokens(AgroalDataSource dataSource, IdentityConfig config) {
    this.dataSource = dataSource;
    this.ttl = config.tokens().refreshTtl();
  }

  /** A new family (a login). */
  public String start(UUID userId, List<String> amr, Instant authTime) {
    return insert(UUID.randomUUID(), userId, amr, authTime);
  }

  public sealed interface Outcome {}

  public record Rotated(UUID userId, List<String> amr, Instant authTime, String refreshToken)
      implements Outcome {}

  /** The token was already used: its family is now revoked. */
  public record Reused(UUID userId, UUID familyId) implements Outcome {}

  public record Invalid() implements Outcome {}

  public Outcome rotate(String raw) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT family_id, user_id, amr, auth_time, expires_at, used_at, revoked_at"
                    + " FROM refresh_tokens WHERE token_hash = ? FOR UPDATE")) {
      ps.setString(1, Secrets.sha256Hex(raw));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Invalid();
        }
        UUID family = rs.getObject("family_id", UUID.class);
        UUID user = rs.getObject("user_id", UUID.class);
        if (rs.getTimestamp("revoked_at") != null) {
          return new Invalid();
        }
        if (rs.getTimestamp("used_at") != null) {
          revokeFamily(family);
          return new Reused(user, family);
        }
        if (rs.getTimestamp("expires_at").toInstant().isBefore(Instant.now())) {
          return new Invalid();
        }
        List<String> amr = Arrays.asList((String[]) rs.getArray("amr").getArray());
        Instant authTime = rs.getTimestamp("auth_time").toInstant();
        try (PreparedStatement used =
            c.prepareStatement("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = ?")) {
          used.setString(1, Secrets.sha256Hex(raw));
          used.executeUpdate();
        }
        return new Rotated(user, amr, authTime, insert(family, user, amr, authTime));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot rotate a refresh token", e);
    }
  }

  /** Logout: revokes the family of {@code raw}; the user it belonged to, if any. */
  public UUID revokeFamilyOf(String raw) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT family_id, user_id FROM refresh_tokens WHERE token_hash = ?")) {
      ps.setString(1, Secrets.sha256Hex(raw));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        revokeFamily(rs.getObject("family_id", UUID.class));
        return rs.getObject("user_id", UUID.class);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot revoke a refresh token", e);
    }
  }

  private void revokeFamily(UUID family) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE refresh_tokens SET revoked_at = now()"
                    + " WHERE family_id = ? AND revoked_at IS NULL")) {
      ps.setObject(1, family);
      ps.executeUpdate();
    }
  }

  private String insert(UUID family, UUID userId, List<String> amr, Instant authTime) {
    String raw = Secrets.randomToken(32);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO refresh_tokens (token_hash, family_id, user_id, amr, auth_time,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, Secrets.sha256Hex(raw));
      ps.setObject(2, family);
      ps.setObject(3, userId);
      ps.setArray(4, c.createArrayOf("text", amr.toArray()));
      ps.setTimestamp(5, Timestamp.from(authTime));
      ps.setTimestamp(6, Timestamp.from(Instant.now().plus(ttl)));
      ps.executeUpdate();
      return raw;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store a refresh token", e);
    }
  }
}
