package io.quantvision.gateway.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** The identity counters (docs/metrics.md): logins, refreshes, second-factor checks. */
@Startup
@ApplicationScoped
public class IdentityMetrics {

  static final String LOGINS = "qv.gateway.auth.logins";
  static final String REFRESHES = "qv.gateway.auth.refreshes";
  static final String OTP = "qv.gateway.auth.otp.verifications";

  private final MeterRegistry registry;

  IdentityMetrics(MeterRegistry registry) {
    this.registry = registry;
    // every series exists from start-up (at 0), so dashboards and the catalogue check see them
    for (String outcome : new String[] {"success", "failure", "locked", "otp_required"}) {
      Counter.builder(LOGINS)
          .description("Login attempts")
          .tag("outcome", outcome)
          .register(registry);
    }
    for (String outcome : new String[] {"success", "invalid", "reuse_detected"}) {
      Counter.builder(REFRESHES)
          .description("Refresh token exchanges")
          .tag("outcome", outcome)
          .register(registry);
    }
    for (String outcome : new String[] {"success", "failure", "replay"}) {
      Counter.builder(OTP)
          .description("TOTP and backup code checks")
          .tag("outcome", outcome)
          .register(registry);
    }
  }

  /** {@code success}, {@code failure}, {@code locked} or {@code otp_required}. */
  public void login(String outcome) {
    Counter.builder(LOGINS)
        .description("Login attempts")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** {@code success}, {@code invalid} or {@code reuse_detected}. */
  public void refresh(String outcome) {
    Counter.builder(REFRESHES)
        .description("Refresh token exchanges")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** {@code success}, {@code failure} or {@code replay}. */
  public void otp(String outcome) {
    Counter.builder(OTP)
        .description("TOTP and backup code checks")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
