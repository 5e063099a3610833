package io.quantvision.gateway.testdoubles;

import io.quantvision.gateway.audit.AuditLog;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** TEST DOUBLE (see {@link InMemoryApiKeyVerifier}): keeps the events for assertions. */
@DefaultBean
@ApplicationScoped
public class InMemoryAuditLog implements AuditLog {

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(AuditEvent event) {
    events.add(event);
  }

  public List<AuditEvent> events() {
    return List.copyOf(events);
  }
}
