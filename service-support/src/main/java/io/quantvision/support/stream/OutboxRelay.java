package io.quantvision.support.stream;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.common.event.Streams;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves committed outbox events onto their streams, oldest first, in pipelined batches. One
 * instance relays at a time (a transaction-scoped advisory lock), so order is kept across
 * instances; rows are deleted in the transaction that relayed them. While Redis is down the rows
 * simply wait.
 */
@ApplicationScoped
public class OutboxRelay {

  /** Advisory lock key: "qv-outbox" folded into a bigint. */
  private static final long LOCK_KEY = 0x71762d6f7574L;

  private final AgroalDataSource dataSource;
  private final Redis redis;
  private final StreamSettings settings;
  private final MeterRegistry registry;
  private final AtomicLong pending = new AtomicLong();
  private volatile RelayLoop loop;

  OutboxRelay(
      AgroalDataSource dataSource, Redis redis, StreamSettings settings, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.redis = redis;
    this.settings = settings;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.outboxRelayEnabled()) {
      return;
    }
    registry.gauge("qv.stream.outbox.pending", pending);
    loop =
        new RelayLoop(
            "qv-outbox-relay",
            this::relayOnce,
            settings.batchSize(),
            settings.outboxPollInterval(),
            () -> pending.set(countPending()));
    loop.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (loop != null) {
      loop.stop();
    }
  }

  /**
   * Called after a transaction that added events commits: relay now rather than at the next poll.
   */
  void wakeUp() {
    RelayLoop current = loop;
    if (current != null) {
      current.wakeUp();
    }
  }

  /** Relays one batch; returns how many events went out. */
  int relayOnce() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              try (Connection connection = dataSource.getConnection()) {
                if (!tryLock(connection, LOCK_KEY)) {
                  return 0;
                }
                List<Long> ids = new ArrayList<>();
                List<Request> adds = new ArrayList<>();
                List<String> streams = new ArrayList<>();
                try (PreparedStatement select =
                    connection.prepareStatement(
                        "SELECT id, stream, envelope FROM outbox_event ORDER BY id LIMIT ?")) {
                  select.setInt(1, settings.batchSize());
                  try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                      ids.add(rows.getLong(1));
                      streams.add(rows.getString(2));
                      adds.add(xadd(rows.getString(2), rows.getString(3)));
                    }
                  }
                }
                if (ids.isEmpty()) {
                  return 0;
                }
                redis.batchAndAwait(adds);
                try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY (?)")) {
                  delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                  delete.executeUpdate();
                }
                streams.forEach(
                    s -> registry.counter("qv.stream.events.published", "stream", s).increment());
                pending.updateAndGet(p -> Math.max(0, p - ids.size()));
                return ids.size();
              }
            });
  }

  private Request xadd(String stream, String envelope) {
    return xadd(stream, envelope, settings.maxLength());
  }

  /** {@code XADD stream MAXLEN ~ maxLength * envelope <envelope>}, for pipelined relays. */
  public static Request xadd(String stream, String envelope, long maxLength) {
    return Request.cmd(Command.XADD)
        .arg(stream)
        .arg("MAXLEN")
        .arg("~")
        .arg(maxLength)
        .arg("*")
        .arg(Streams.ENVELOPE_FIELD)
        .arg(envelope);
  }

  /**
   * Takes the transaction-scoped advisory lock {@code key} if no one holds it: one relay of a kind
   * at a time across instances, which keeps their order.
   */
  public static boolean tryLock(Connection connection, long key) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, key);
      try (ResultSet rs = lock.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private long countPending() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM outbox_event");
        ResultSet rs = count.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the outbox", e);
    }
  }
}
