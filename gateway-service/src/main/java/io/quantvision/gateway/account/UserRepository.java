package io.quantvision.gateway.account;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The {@code users} table, in plain SQL; callers own the transaction. */
@ApplicationScoped
public class UserRepository {

  private static final String COLUMNS =
      "id, email, password_hash, roles, totp_secret, totp_enabled, totp_last_step";

  private final AgroalDataSource dataSource;

  UserRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static String key(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** Inserts unless the email is taken; empty when it is. */
  public Optional<User> insert(String email, String passwordHash, Set<String> roles) {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO users (id, email, email_key, password_hash, roles)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (email_key) DO NOTHING")) {
      ps.setObject(1, id);
      ps.setString(2, email.trim());
      ps.setString(3, key(email));
      ps.setString(4, passwordHash);
      ps.setArray(5, c.createArrayOf("text", roles.toArray()));
      if (ps.executeUpdate() == 0) {
        return Optional.empty();
      }
      return Optional.of(new User(id, email.trim(), passwordHash, roles, null, false, null));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot insert a user", e);
    }
  }

  public Optional<User> byEmail(String email) {
    return one("SELECT " + COLUMNS + " FROM users WHERE email_key = ?", key(email));
  }

  public Optional<User> byId(UUID id) {
    return one("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
  }

  /** Locks the row for the rest of the transaction (TOTP step, enrolment). */
  public Optional<User> byIdForUpdate(UUID id) {
    return one("SELECT " + COLUMNS + " FROM users WHERE id = ? FOR UPDATE", id);
  }

  public void updatePasswordHash(UUID id, String hash) {
    update("UPDATE users SET password_hash = ?, updated_at = now() WHERE id = ?", hash, id);
  }

  public void updateRoles(UUID id, Set<String> roles) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE users SET roles = ?, updated_at = now() WHERE id = ?")) {
      ps.setArray(1, c.createArrayOf("text", roles.toArray()));
      ps.setObject(2, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update roles", e);
    }
  }

  /** A pending enrolment: the secret is stored, 2FA is on once a first code verifies. */
  public void storePendingTotp(UUID id, byte[] encryptedSecret) {
    update(
        "UPDATE users SET totp_secret = ?, totp_enabled = false, totp_last_step = NULL,"
            + " updated_at = now() WHERE id = ?",
        encryptedSecret,
        id);
  }

  public void confirmTotp(UUID id, long step) {
    update(
        "UPDATE users SET totp_enabled = true, totp_last_step = ?, updated_at = now()"
            + " WHERE id = ?",
        step,
        id);
  }

  public boolean exists(String email) {
    return byEmail(email).isPresent();
  }

  private void update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update users", e);
    }
  }

  private Optional<User> one(String sql, Object arg) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read users", e);
    }
  }

  private static User map(ResultSet rs) throws SQLException {
    long step = rs.getLong("totp_last_step");
    Long lastStep = rs.wasNull() ? null : step;
    return new User(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        rs.getString("password_hash"),
        roles(rs.getArray("roles")),
        rs.getBytes("totp_secret"),
        rs.getBoolean("totp_enabled"),
        lastStep);
  }

  static Set<String> roles(Array array) throws SQLException {
    return new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
  }
}
