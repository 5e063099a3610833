package io.quantvision.gateway.audit;

/**
 * The append-only, hash-chained audit trail: every auth event and every mutating request through
 * the gateway. Implementations commit the row before returning.
 */
public interface AuditLog {

  void record(AuditEvent event);

  /**
   * @param actor user id, {@code key:<id>} or {@code anonymous}
   * @param action e.g. {@code auth.login}, {@code http.POST}
   * @param target e.g. the route or the affected user id
   * @param outcome e.g. {@code success}, {@code failure}, or the HTTP status
   */
  record AuditEvent(
      String actor,
      String action,
      String target,
      String outcome,
      String clientIp,
      String requestId) {}
}
