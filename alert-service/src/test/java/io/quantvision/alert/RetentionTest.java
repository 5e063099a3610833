package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.alert.retention.Retention;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RetentionTest {

  @Inject Retention retention;

  @Test
  void purgesResolvedAlertsOlderThanTheRetentionOnly() {
    Instant longAgo = Instant.now().minus(Duration.ofDays(120));
    UUID oldResolved = alert("resolved", longAgo, longAgo.plusSeconds(60));
    UUID recentResolved =
        alert(
            "resolved",
            Instant.now().minus(Duration.ofDays(10)),
            Instant.now().minus(Duration.ofDays(9)));
    UUID oldButOpen = alert("firing", longAgo, null);
    update(
        "INSERT INTO delivery (alert_id, channel, action, dedup_key, payload, status)"
            + " VALUES (?, 'slack', 'trigger', 'k', '{}', 'delivered')",
        oldResolved);

    assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

    assertThat(count("SELECT count(*) FROM alert WHERE id = ?", oldResolved)).isZero();
    assertThat(count("SELECT count(*) FROM delivery WHERE alert_id = ?", oldResolved)).isZero();
    assertThat(count("SELECT count(*) FROM alert WHERE id = ?", recentResolved)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM alert WHERE id = ?", oldButOpen)).isEqualTo(1);
  }

  private static UUID alert(String status, Instant firstSeen, Instant resolvedAt) {
    UUID id = UUID.randomUUID();
    update(
        "INSERT INTO alert (id, fingerprint, source, severity, status, summary, first_seen,"
            + " last_seen, resolved_at) VALUES (?, ?, 'test', 'info', ?, 'old', ?, ?, ?)",
        id,
        "retention-" + id,
        status,
        Timestamp.from(firstSeen),
        Timestamp.from(firstSeen),
        resolvedAt == null ? null : Timestamp.from(resolvedAt));
    return id;
  }
}
