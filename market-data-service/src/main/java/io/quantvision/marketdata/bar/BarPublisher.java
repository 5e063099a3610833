package io.quantvision.marketdata.bar;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.Streams;
import io.quantvision.marketdata.bar.BarRepository.Series;
import io.quantvision.support.stream.OutboxRelay;
import io.quantvision.support.stream.RelayLoop;
import io.quantvision.support.stream.StreamSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay of {@code md.bars.v1}: takes the {@code bar_publication} rows {@link BarWriter} commits
 * (one per stored series and batch), oldest first, reads the listed bars and puts one {@code
 * md.bar} event per bar on the stream, pipelined, then deletes the row in the same transaction. One
 * instance publishes at a time (an advisory lock), so bars go out in the order they were stored;
 * while Redis is down the rows wait.
 *
 * <p>Each event's id is derived from the publication row and the bar's start, so a row published
 * again after a failure (Redis answered, the delete did not commit) repeats the same ids and
 * consumers drop the repeats. A bar revised again before its row went out is published by the later
 * row, at its newest revision, not twice.
 */
@ApplicationScoped
public class BarPublisher {

  /** Advisory lock key: "qv-mdbar" folded into a bigint. */
  private static final long LOCK_KEY = 0x71762d6d64626172L;

  /** Publication rows taken per transaction (each may list thousands of bars). */
  static final int ROWS_PER_ROUND = 8;

  /** Bars read and sent per pipeline. */
  private static final int CHUNK = 2_000;

  private final AgroalDataSource dataSource;
  private final BarRepository bars;
  private final Redis redis;
  private final StreamSettings settings;
  private final MeterRegistry registry;
  private final AtomicLong pending = new AtomicLong();
  private volatile RelayLoop loop;

  BarPublisher(
      AgroalDataSource dataSource,
      BarRepository bars,
      Redis redis,
      StreamSettings settings,
      MeterRegistry registry) {
    this.dataSource = dataSource;
    this.bars = bars;
    this.redis = redis;
    this.settings = settings;
    this.registry = registry;
  }

  void start(@Observes StartupEvent event) {
    if (!settings.outboxRelayEnabled()) {
      return;
    }
    // bars (events) waiting, comparable with qv_stream_outbox_pending
    registry.gauge("qv.marketdata.bar.publications.pending", pending);
    loop =
        new RelayLoop(
            "qv-bar-publisher",
            this::publishOnce,
            ROWS_PER_ROUND,
            settings.outboxPollInterval(),
            () -> pending.set(countPending()));
    loop.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (loop != null) {
      loop.stop();
    }
  }

  /** A batch of bars was committed: publish now rather than at the next poll. */
  void wakeUp() {
    RelayLoop current = loop;
    if (current != null) {
      current.wakeUp();
    }
  }

  /** One publication row as committed. */
  private record Publication(
      long id,
      Series series,
      Instant[] starts,
      Integer[] revisions,
      String correlationId,
      Instant createdAt) {}

  /** Publishes up to {@link #ROWS_PER_ROUND} rows; returns how many rows went out. */
  int publishOnce() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              try (Connection connection = dataSource.getConnection()) {
                if (!OutboxRelay.tryLock(connection, LOCK_KEY)) {
                  return 0;
                }
                List<Publication> rows = oldest(connection);
                long events = 0;
                for (Publication row : rows) {
                  events += publish(row);
                }
                if (rows.isEmpty()) {
                  return 0;
                }
                try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM bar_publication WHERE id = ANY (?)")) {
                  delete.setArray(
                      1,
                      connection.createArrayOf(
                          "bigint", rows.stream().map(Publication::id).toArray()));
                  delete.executeUpdate();
                }
                registry
                    .counter("qv.stream.events.published", "stream", Streams.MD_BARS)
                    .increment(events);
                long bars = rows.stream().mapToLong(r -> r.starts().length).sum();
                pending.updateAndGet(p -> Math.max(0, p - bars));
                return rows.size();
              }
            });
  }

  private List<Publication> oldest(Connection connection) throws SQLException {
    List<Publication> rows = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT id, symbol, timeframe, starts, revisions, correlation_id, created_at"
                + " FROM bar_publication ORDER BY id LIMIT ?")) {
      select.setInt(1, ROWS_PER_ROUND);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Object[] starts = (Object[]) rs.getArray(4).getArray();
          Array revisions = rs.getArray(5);
          rows.add(
              new Publication(
                  rs.getLong(1),
                  new Series(rs.getString(2), Timeframe.parse(rs.getString(3))),
                  Arrays.stream(starts)
                      .map(t -> ((Timestamp) t).toInstant())
                      .toArray(Instant[]::new),
                  (Integer[]) revisions.getArray(),
                  rs.getString(6),
                  rs.getObject(7, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return rows;
  }

  /** Sends the events of one row's bars that are still at the listed revision. */
  private long publish(Publication row) {
    long sent = 0;
    for (int from = 0; from < row.starts().length; from += CHUNK) {
      int to = Math.min(row.starts().length, from + CHUNK);
      List<Instant> starts = Arrays.asList(row.starts()).subList(from, to);
      Map<Instant, Bar> stored = bars.stored(row.series(), starts);
      List<Request> adds = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        Bar bar = stored.get(row.starts()[i]);
        if (bar == null || bar.revision() != row.revisions()[i]) {
          continue; // revised again since: the later publication row carries it
        }
        String envelope =
            EventCodec.encode(
                BarWriter.event(
                    bar, eventId(row.id(), bar.start()), row.createdAt(), row.correlationId()));
        adds.add(OutboxRelay.xadd(Streams.MD_BARS, envelope, settings.maxLength()));
      }
      if (!adds.isEmpty()) {
        redis.batchAndAwait(adds);
        sent += adds.size();
      }
    }
    return sent;
  }

  /** The same id each time a row is published: consumers drop a repeat. */
  static UUID eventId(long publication, Instant start) {
    return UUID.nameUUIDFromBytes(
        ("md.bar/" + publication + "/" + start).getBytes(StandardCharsets.UTF_8));
  }

  private long countPending() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT coalesce(sum(cardinality(starts)), 0) FROM bar_publication");
        ResultSet rs = count.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the bar publications", e);
    }
  }
}
