package io.quantvision.gateway.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The identity counters (docs/metrics.md): logins, refreshes, second-factor checks. */
@ApplicationScoped
public class IdentityMetrics {

  private final MeterRegistry registry;

  IdentityMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code success}, {@code failure}, {@code locked} or {@code otp_required}. */
  public void login(String outcome) {
    Counter.builder("qv.gateway.auth.logins")
        .description("Login attempts")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** {@code success}, {@code invalid} or {@code reuse_detected}. */
  public void refresh(String outcome) {
    Counter.builder("qv.gateway.auth.refreshes")
        .description("Refresh token exchanges")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** {@code success}, {@code failure} or {@code replay}. */
  public void otp(String outcome) {
    Counter.builder("qv.gateway.auth.otp.verifications")
        .description("TOTP and backup code checks")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
