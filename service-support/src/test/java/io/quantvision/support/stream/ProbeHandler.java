package io.quantvision.support.stream;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.payload.AlertPayload;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes the probe stream: writes one row per event in the handler's transaction. A summary of
 * {@code poison} always fails; {@code flaky} fails on its first attempt only.
 */
@ApplicationScoped
public class ProbeHandler implements StreamHandler {

  public static final String STREAM = "qv.test.probe.v1";

  private final AgroalDataSource dataSource;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  ProbeHandler(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public String stream() {
    return STREAM;
  }

  @Override
  public void handle(EventEnvelope event) {
    AlertPayload payload = event.payloadAs(EventType.ALERT);
    int attempt =
        attempts
            .computeIfAbsent(event.id().toString(), id -> new AtomicInteger())
            .incrementAndGet();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO probe_effect (event_id, summary) VALUES (?, ?)")) {
      insert.setObject(1, event.id());
      insert.setString(2, payload.summary());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    // fail after writing: the effect must roll back with the failure
    if ("poison".equals(payload.summary()) || ("flaky".equals(payload.summary()) && attempt == 1)) {
      throw new IllegalStateException("probe handler refuses " + payload.summary());
    }
  }

  public int attemptsOf(String eventId) {
    AtomicInteger count = attempts.get(eventId);
    return count == null ? 0 : count.get();
  }
}
