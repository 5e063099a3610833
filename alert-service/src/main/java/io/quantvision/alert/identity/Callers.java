package io.quantvision.alert.identity;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request. */
@RequestScoped
public class Callers {

  private final JsonWebToken jwt;

  Callers(JsonWebToken jwt) {
    this.jwt = jwt;
  }

  public Caller current() {
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new ProblemException(
          Problem.of(401, "unauthorized", "Unauthorized", "The token names no subject"));
    }
    String upn = jwt.getClaim("upn");
    return new Caller(subject, upn, Set.copyOf(jwt.getGroups()));
  }
}
