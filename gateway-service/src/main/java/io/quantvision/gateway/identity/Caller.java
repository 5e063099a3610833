package io.quantvision.gateway.identity;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of a gateway endpoint: from a verified JWT ({@code sub}, {@code amr}),
 * or from an API key ({@link ApiKeyAuthentication} sets the same attributes).
 */
public record Caller(UUID userId, String email, Set<String> roles, List<String> amr) {

  public static final String USER_ID = "qv.user_id";
  public static final String AMR = "qv.amr";

  public boolean passedOtp() {
    return amr.contains(io.quantvision.common.security.Roles.AMR_OTP);
  }

  @SuppressWarnings("unchecked")
  public static Caller of(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      throw unauthorized();
    }
    try {
      if (identity.getPrincipal() instanceof JsonWebToken jwt) {
        Object amr = jwt.getClaim("amr");
        List<String> methods =
            amr instanceof java.util.Collection<?> values
                ? values.stream()
                    .map(v -> v instanceof JsonString s ? s.getString() : String.valueOf(v))
                    .toList()
                : List.of();
        return new Caller(
            UUID.fromString(jwt.getSubject()), jwt.getName(), identity.getRoles(), methods);
      }
      String userId = identity.getAttribute(USER_ID);
      if (userId == null) {
        throw unauthorized();
      }
      List<String> amr = identity.getAttribute(AMR);
      return new Caller(
          UUID.fromString(userId),
          identity.getPrincipal().getName(),
          identity.getRoles(),
          amr == null ? List.of() : amr);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw unauthorized();
    }
  }

  public static ProblemException unknownAccount() {
    return unauthorized();
  }

  static ProblemException unauthorized() {
    return new ProblemException(
        Problem.of(401, "unauthorized", "Unauthorized", "The token names no known account"));
  }
}
