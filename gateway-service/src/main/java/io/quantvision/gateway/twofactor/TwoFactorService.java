package io.quantvision.gateway.twofactor;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.gateway.account.AccountService;
import io.quantvision.gateway.account.User;
import io.quantvision.gateway.account.UserRepository;
import io.quantvision.gateway.audit.ChainedAuditLog;
import io.quantvision.gateway.identity.Caller;
import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.IdentityMetrics;
import io.quantvision.gateway.identity.Origin;
import io.quantvision.gateway.identity.Secrets;
import io.quantvision.gateway.lockout.LoginLockout;
import io.quantvision.gateway.token.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * TOTP enrolment and verification. Enrolment stores the secret (encrypted) and fresh backup codes;
 * the first code verified turns 2FA on. A verified code (or a one-time backup code) yields a new
 * token pair whose {@code amr} contains {@code otp} and whose {@code auth_time} is now. A TOTP step
 * is accepted once: the last accepted step is kept per user.
 */
@ApplicationScoped
public class TwoFactorService {

  private static final int SECRET_BYTES = 20;
  private static final int BACKUP_CODE_CHARS = 12;

  private final UserRepository users;
  private final SecretCipher cipher;
  private final AccountService accounts;
  private final ChainedAuditLog audit;
  private final IdentityMetrics metrics;
  private final LoginLockout lockout;
  private final AgroalDataSource dataSource;
  private final IdentityConfig config;

  TwoFactorService(
      UserRepository users,
      SecretCipher cipher,
      AccountService accounts,
      ChainedAuditLog audit,
      IdentityMetrics metrics,
      LoginLockout lockout,
      AgroalDataSource dataSource,
      IdentityConfig config) {
    this.users = users;
    this.cipher = cipher;
    this.accounts = accounts;
    this.audit = audit;
    this.metrics = metrics;
    this.lockout = lockout;
    this.dataSource = dataSource;
    this.config = config;
  }

  public record Enrollment(String secret, String otpauthUri, List<String> backupCodes) {}

  @Transactional
  public Enrollment enroll(Caller caller, Origin origin) {
    User user = users.byIdForUpdate(caller.userId()).orElseThrow(Caller::unknownAccount);
    if (user.totpEnabled() && !caller.passedOtp()) {
      // a stolen password alone must not replace the second factor
      throw new ProblemException(
          Problem.of(
                  403,
                  "otp-required",
                  "Forbidden",
                  "Two-factor authentication is on: verify a code before enrolling again")
              .with("reason", "otp_required"));
    }
    byte[] secret = Secrets.randomBytes(SECRET_BYTES);
    users.storePendingTotp(user.id(), cipher.encrypt(secret, user.id()));
    List<String> codes = new ArrayList<>();
    update("DELETE FROM backup_codes WHERE user_id = ?", user.id());
    for (int i = 0; i < config.totp().backupCodes(); i++) {
      String code = backupCode();
      codes.add(code);
      update(
          "INSERT INTO backup_codes (user_id, code_hash) VALUES (?, ?)",
          user.id(),
          backupHash(user, code));
    }
    audit.record(user.id().toString(), "auth.2fa.enroll", user.id().toString(), "success", origin);
    String base32 = Totp.base32(secret);
    return new Enrollment(base32, otpauthUri(user.email(), base32), codes);
  }

  @Transactional
  public TokenResponse verify(Caller caller, String code, Origin origin) {
    String throttleKey = "otp:" + caller.userId();
    Optional<Duration> locked = lockout.lockedFor(throttleKey, origin.clientIp());
    if (locked.isPresent()) {
      throw new ProblemException(
          Problem.of(
                  429,
                  "otp-locked",
                  "Too many failed codes",
                  "Too many wrong codes; try again later")
              .with("retry_after", Math.max(1, locked.get().toSeconds())));
    }
    User user = users.byIdForUpdate(caller.userId()).orElseThrow(Caller::unknownAccount);
    if (user.totpSecret() == null) {
      throw ProblemException.conflict("Two-factor authentication is not enrolled");
    }
    String normalized = code.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
    String outcome =
        normalized.matches("\\d{" + Totp.DIGITS + "}")
            ? checkTotp(user, normalized)
            : checkBackupCode(user, normalized);
    metrics.otp(outcome);
    audit.record(user.id().toString(), "auth.2fa.verify", user.id().toString(), outcome, origin);
    if (!"success".equals(outcome)) {
      lockout.failed(throttleKey, null);
      throw new ProblemException(
          Problem.of(
              401, "invalid-otp", "Unauthorized", "The code is wrong, expired or already used"));
    }
    lockout.succeeded(throttleKey);
    List<String> amr = new ArrayList<>(new LinkedHashSet<>(caller.amr()));
    if (!amr.contains(Roles.AMR_OTP)) {
      amr.add(Roles.AMR_OTP);
    }
    User current = users.byId(user.id()).orElseThrow();
    return accounts.issue(current, amr, Instant.now());
  }

  private String checkTotp(User user, String code) {
    byte[] secret = cipher.decrypt(user.totpSecret(), user.id());
    long now = Totp.step(Instant.now());
    boolean replay = false;
    // ±1 step of clock drift; the newest matching step wins
    for (long step = now + 1; step >= now - 1; step--) {
      if (MessageDigest.isEqual(
          Totp.code(secret, step).getBytes(StandardCharsets.US_ASCII),
          code.getBytes(StandardCharsets.US_ASCII))) {
        if (user.totpLastStep() != null && step <= user.totpLastStep()) {
          replay = true;
          continue;
        }
        users.confirmTotp(user.id(), step);
        return "success";
      }
    }
    return replay ? "replay" : "failure";
  }

  private String checkBackupCode(User user, String code) {
    if (!user.totpEnabled() || code.length() != BACKUP_CODE_CHARS) {
      return "failure";
    }
    int used =
        update(
            "UPDATE backup_codes SET used_at = now()"
                + " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
            user.id(),
            backupHash(user, code));
    return used == 1 ? "success" : "failure";
  }

  private String otpauthUri(String email, String base32) {
    String issuer = config.totp().issuer();
    String label = enc(issuer) + ":" + enc(email);
    return "otpauth://totp/"
        + label
        + "?secret="
        + base32
        + "&issuer="
        + enc(issuer)
        + "&algorithm=SHA1&digits="
        + Totp.DIGITS
        + "&period="
        + Totp.STEP_SECONDS;
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** 12 base32 characters (60 bits), shown as {@code XXXX-XXXX-XXXX}. */
  private static String backupCode() {
    String raw = Totp.base32(Secrets.randomBytes(8)).substring(0, BACKUP_CODE_CHARS);
    return raw.substring(0, 4) + "-" + raw.substring(4, 8) + "-" + raw.substring(8);
  }

  // Salted with the user id: one table of precomputed hashes does not fit every account.
  private static String backupHash(User user, String code) {
    String normalized = code.replace("-", "").toUpperCase(Locale.ROOT);
    return Secrets.sha256Hex(user.id() + ":" + normalized);
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write backup codes", e);
    }
  }
}
