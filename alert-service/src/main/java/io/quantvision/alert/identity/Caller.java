package io.quantvision.alert.identity;

import io.quantvision.common.security.Roles;
import java.util.Set;

/** Who is calling, from the verified JWT: {@code sub} and {@code upn} (email), roles. */
public record Caller(String userId, String email, Set<String> roles) {

  public boolean isAdmin() {
    return roles.contains(Roles.ADMIN);
  }
}
