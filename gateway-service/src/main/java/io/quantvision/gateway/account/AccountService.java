package io.quantvision.gateway.account;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.gateway.audit.ChainedAuditLog;
import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.IdentityMetrics;
import io.quantvision.gateway.identity.Origin;
import io.quantvision.gateway.lockout.LoginLockout;
import io.quantvision.gateway.token.AccessTokens;
import io.quantvision.gateway.token.RefreshTokens;
import io.quantvision.gateway.token.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Registration, login, refresh and logout. A login answers the same 401 whether the account is
 * unknown or the password wrong (an unknown account costs a decoy PBKDF2 run as well), and a lock
 * (429) is keyed on the submitted email, so neither reveals whether an account exists.
 */
@ApplicationScoped
public class AccountService {

  public static final String AMR_PASSWORD = "pwd";

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final LoginLockout lockout;
  private final ChainedAuditLog audit;
  private final IdentityMetrics metrics;
  private final IdentityConfig config;

  AccountService(
      UserRepository users,
      PasswordHasher hasher,
      AccessTokens accessTokens,
      RefreshTokens refreshTokens,
      LoginLockout lockout,
      ChainedAuditLog audit,
      IdentityMetrics metrics,
      IdentityConfig config) {
    this.users = users;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.lockout = lockout;
    this.audit = audit;
    this.metrics = metrics;
    this.config = config;
  }

  // No transaction around PBKDF2: a connection is not held for the half second it takes.
  public User register(AccountRequests.Register request, Origin origin) {
    checkPolicy(request.password());
    Optional<User> created =
        users.insert(
            request.email(), hasher.hash(request.password().toCharArray()), Set.of(Roles.TRADER));
    if (created.isEmpty()) {
      audit.record("anonymous", "auth.register", request.email(), "conflict", origin);
      throw ProblemException.conflict("An account with this email already exists");
    }
    User user = created.get();
    audit.record(user.id().toString(), "auth.register", user.id().toString(), "success", origin);
    return user;
  }

  /** Creates an account unless its email is taken (the start-up admin). */
  public Optional<User> createIfAbsent(String email, String password, Set<String> roles) {
    if (users.exists(email)) {
      return Optional.empty();
    }
    checkPolicy(password);
    return users.insert(email, hasher.hash(password.toCharArray()), roles);
  }

  public TokenResponse login(AccountRequests.Login request, Origin origin) {
    String emailKey = UserRepository.key(request.email());
    Optional<Duration> locked = lockout.lockedFor(emailKey, origin.clientIp());
    if (locked.isPresent()) {
      metrics.login("locked");
      audit.record("anonymous", "auth.login", emailKey, "locked", origin);
      throw tooManyAttempts(locked.get());
    }
    char[] password = request.password().toCharArray();
    Optional<User> found = users.byEmail(request.email());
    boolean valid;
    if (found.isPresent()) {
      valid = hasher.verify(password, found.get().passwordHash());
    } else {
      hasher.verifyDecoy(password);
      valid = false;
    }
    if (!valid) {
      metrics.login("failure");
      audit.record("anonymous", "auth.login", emailKey, "failure", origin);
      Optional<Duration> lock = lockout.failed(emailKey, origin.clientIp());
      if (lock.isPresent()) {
        audit.record("anonymous", "auth.lockout", emailKey, "locked", origin);
      }
      throw invalidCredentials();
    }
    User user = found.get();
    lockout.succeeded(emailKey);
    if (hasher.needsRehash(user.passwordHash())) {
      users.updatePasswordHash(user.id(), hasher.hash(password));
    }
    metrics.login(user.totpEnabled() ? "otp_required" : "success");
    audit.record(user.id().toString(), "auth.login", user.id().toString(), "success", origin);
    return issue(user, List.of(AMR_PASSWORD), Instant.now());
  }

  /** A fresh token pair (a new refresh family) for {@code user}. */
  public TokenResponse issue(User user, List<String> amr, Instant authTime) {
    String access = accessTokens.mint(user.id(), user.email(), user.roles(), amr, authTime);
    String refresh = refreshTokens.start(user.id(), amr, authTime);
    return TokenResponse.bearer(access, accessTokens.ttl().toSeconds(), refresh);
  }

  @Transactional(dontRollbackOn = ProblemException.class)
  public TokenResponse refresh(String refreshToken, Origin origin) {
    RefreshTokens.Outcome outcome = refreshTokens.rotate(refreshToken);
    switch (outcome) {
      case RefreshTokens.Rotated rotated -> {
        Optional<User> user = users.byId(rotated.userId());
        if (user.isEmpty()) {
          throw invalidRefreshToken();
        }
        metrics.refresh("success");
        audit.record(
            rotated.userId().toString(),
            "auth.refresh",
            rotated.userId().toString(),
            "success",
            origin);
        User u = user.get();
        // roles are read again: a grant or withdrawal shows at the next refresh
        String access =
            accessTokens.mint(u.id(), u.email(), u.roles(), rotated.amr(), rotated.authTime());
        return TokenResponse.bearer(access, accessTokens.ttl().toSeconds(), rotated.refreshToken());
      }
      case RefreshTokens.Reused reused -> {
        metrics.refresh("reuse_detected");
        audit.record(
            reused.userId().toString(),
            "auth.refresh.reuse_detected",
            "family:" + reused.familyId(),
            "family_revoked",
            origin);
        throw invalidRefreshToken();
      }
      case RefreshTokens.Invalid invalid -> {
        metrics.refresh("invalid");
        audit.record("anonymous", "auth.refresh", null, "failure", origin);
        throw invalidRefreshToken();
      }
    }
  }

  @Transactional
  public void logout(String refreshToken, Origin origin) {
    UUID user = refreshTokens.revokeFamilyOf(refreshToken);
    String actor = user == null ? "anonymous" : user.toString();
    audit.record(actor, "auth.logout", actor, user == null ? "unknown_token" : "success", origin);
  }

  @Transactional
  public User grantRoles(UUID target, Set<String> roles, String admin, Origin origin) {
    for (String role : roles) {
      if (!Roles.isKnown(role)) {
        throw new ProblemException(
            Problem.of(422, "validation", "Invalid request", "roles: unknown role '" + role + "'")
                .with("errors", List.of(Map.of("field", "roles", "message", "unknown role"))));
      }
    }
    User user =
        users.byIdForUpdate(target).orElseThrow(() -> ProblemException.notFound("No such user"));
    Set<String> granted = new LinkedHashSet<>(user.roles());
    granted.addAll(roles);
    users.updateRoles(target, granted);
    audit.record(
        admin, "admin.roles.grant", target + " " + String.join(",", roles), "success", origin);
    return users.byId(target).orElseThrow();
  }

  public Optional<User> user(UUID id) {
    return users.byId(id);
  }

  private void checkPolicy(String password) {
    int min = config.password().minLength();
    if (password == null || password.codePointCount(0, password.length()) < min) {
      throw new ProblemException(
          Problem.of(
                  422,
                  "validation",
                  "Invalid request",
                  "password: must be at least " + min + " characters long")
              .with(
                  "errors",
                  List.of(
                      Map.of(
                          "field",
                          "password",
                          "message",
                          "must be at least " + min + " characters long"))));
    }
  }

  static ProblemException invalidCredentials() {
    return new ProblemException(
        Problem.of(401, "invalid-credentials", "Unauthorized", "The email or password is wrong"));
  }

  static ProblemException invalidRefreshToken() {
    return new ProblemException(
        Problem.of(
            401,
            "invalid-refresh-token",
            "Unauthorized",
            "The refresh token is unknown, expired, revoked or already used"));
  }

  static ProblemException tooManyAttempts(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new ProblemException(
        Problem.of(
                429,
                "login-locked",
                "Too many failed logins",
                "Too many failed logins; try again in " + seconds + " seconds")
            .with("retry_after", seconds));
  }
}
