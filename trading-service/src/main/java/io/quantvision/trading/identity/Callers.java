package io.quantvision.trading.identity;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.trading.TradingConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, and the second-factor rules for trading writes. */
@RequestScoped
public class Callers {

  private final JsonWebToken jwt;
  private final TradingConfig config;

  Callers(JsonWebToken jwt, TradingConfig config) {
    this.jwt = jwt;
    this.config = config;
  }

  public Caller current() {
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new ProblemException(
          Problem.of(401, "unauthorized", "Unauthorized", "The token names no subject"));
    }
    return new Caller(subject, Set.copyOf(jwt.getGroups()), amr(), authTime());
  }

  /** A trading write: with TRADING_REQUIRE_2FA the token must show a passed TOTP check. */
  public Caller trader() {
    Caller caller = current();
    if (config.requireTwoFactor() && !caller.passedOtp()) {
      throw forbidden(
          "otp_required", "Trading requires two-factor authentication: verify a TOTP code first");
    }
    return caller;
  }

  /** Above the configured notional a recent TOTP check is needed even when 2FA is optional. */
  public void requireRecentOtpFor(Caller caller, BigDecimal notional) {
    if (notional == null || notional.compareTo(config.recent2faNotional()) <= 0) {
      return;
    }
    Instant oldest = Instant.now().minus(config.recent2faAge());
    boolean recent =
        caller.passedOtp() && caller.authTime().map(t -> !t.isBefore(oldest)).orElse(false);
    if (!recent) {
      throw forbidden(
          "recent_2fa_required",
          "Orders above "
              + config.recent2faNotional().toPlainString()
              + " need a TOTP check within the last "
              + config.recent2faAge().toMinutes()
              + " minutes");
    }
  }

  private static ProblemException forbidden(String reason, String detail) {
    return new ProblemException(
        Problem.of(403, "forbidden", "Forbidden", detail).with("reason", reason));
  }

  private Set<String> amr() {
    Object claim = jwt.getClaim("amr");
    Set<String> values = new HashSet<>();
    if (claim instanceof JsonArray array) {
      array.forEach(v -> values.add(v instanceof JsonString s ? s.getString() : v.toString()));
    } else if (claim instanceof Iterable<?> iterable) {
      iterable.forEach(v -> values.add(String.valueOf(v)));
    } else if (claim != null) {
      values.add(String.valueOf(claim));
    }
    return values;
  }

  private Optional<Instant> authTime() {
    Object claim = jwt.getClaim("auth_time");
    if (claim instanceof JsonNumber number) {
      return Optional.of(Instant.ofEpochSecond(number.longValue()));
    }
    if (claim instanceof Number number) {
      return Optional.of(Instant.ofEpochSecond(number.longValue()));
    }
    return Optional.empty();
  }
}
