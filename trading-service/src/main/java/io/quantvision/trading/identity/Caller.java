package io.quantvision.trading.identity;

import io.quantvision.common.security.Roles;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, from the verified JWT: {@code sub} is the account, {@code amr} tells whether a
 * TOTP check was passed and {@code auth_time} when.
 */
public record Caller(
    String userId, Set<String> roles, Set<String> amr, Optional<Instant> authTime) {

  public boolean passedOtp() {
    return amr.contains(Roles.AMR_OTP);
  }

  public boolean isAdmin() {
    return roles.contains(Roles.ADMIN);
  }
}
