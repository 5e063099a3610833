package io.quantvision.support.stream;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.InvalidEventException;
import io.quantvision.common.event.Streams;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One consumer of one stream: reads new entries for its group, applies each in a transaction that
 * also records the event id (so a redelivery has no second effect), acknowledges after commit;
 * periodically retries its own failed entries and takes over entries other consumers left pending
 * (XAUTOCLAIM); dead-letters what cannot be read or keeps failing.
 */
final class ConsumerLoop {

  private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
  private static final String DEAD_SUFFIX = ".dead";

  private final StreamHandler handler;
  private final String stream;
  private final String group;
  private final String consumer;
  private final RedisDataSource redis;
  private final StreamCommands<String, String, String> streams;
  private final AgroalDataSource dataSource;
  private final StreamSettings settings;
  private final MeterRegistry registry;
  private final AtomicLong lag = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong length = new AtomicLong();
  private volatile boolean running;
  private Thread thread;
  private long nextMaintenance;
  private long nextRetention;

  ConsumerLoop(
      StreamHandler handler,
      String group,
      String consumer,
      RedisDataSource redis,
      AgroalDataSource dataSource,
      StreamSettings settings,
      MeterRegistry registry) {
    this.handler = handler;
    this.stream = handler.stream();
    this.group = group;
    this.consumer = consumer;
    this.redis = redis;
    this.streams = redis.stream(String.class, String.class, String.class);
    this.dataSource = dataSource;
    this.settings = settings;
    this.registry = registry;
  }

  void start() {
    Tags tags = Tags.of("stream", stream, "group", group);
    registry.gauge("qv.stream.consumer.lag", tags, lag);
    registry.gauge("qv.stream.consumer.pending", tags, pending);
    registry.gauge("qv.stream.length", Tags.of("stream", stream), length);
    running = true;
    thread = Thread.ofPlatform().name("qv-stream-" + stream).daemon().start(this::loop);
  }

  void stop() {
    running = false;
    if (thread != null) {
      try {
        thread.join(settings.block().plusSeconds(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    long backoffMillis = 0;
    boolean groupReady = false;
    while (running) {
      try {
        if (!groupReady) {
          ensureGroup();
          groupReady = true;
        }
        if (System.nanoTime() >= nextMaintenance) {
          retryOwnPending();
          claimStale();
          refreshGauges();
          forgetOldEventIds();
          nextMaintenance = System.nanoTime() + settings.claimInterval().toNanos();
        }
        List<StreamMessage<String, String, String>> batch =
            streams.xreadgroup(
                group,
                consumer,
                stream,
                ">",
                new XReadGroupArgs().count(settings.batchSize()).block(settings.block()));
        for (StreamMessage<String, String, String> message : batch) {
          deliver(message);
        }
        backoffMillis = 0;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
          groupReady = false; // the stream or group was deleted: recreate
        }
        backoffMillis = Math.min(Math.max(backoffMillis * 2, 250), 10_000);
        LOG.warnf(
            "consumer %s on %s failed (%s); retrying in %d ms",
            group, stream, e.getMessage(), backoffMillis);
        sleep(backoffMillis);
      }
    }
  }

  private void ensureGroup() {
    try {
      streams.xgroupCreate(stream, group, settings.startFrom(), new XGroupCreateArgs().mkstream());
      LOG.infof("created consumer group %s on %s from %s", group, stream, settings.startFrom());
    } catch (RuntimeException e) {
      if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
        throw e;
      }
    }
  }

  private void deliver(StreamMessage<String, String, String> message) {
    Map<String, String> fields = message.payload();
    String json = fields == null ? null : fields.get(Streams.ENVELOPE_FIELD);
    if (json == null) {
      // trimmed away or written without an envelope: nothing to apply
      ack(message.id());
      count("invalid");
      return;
    }
    EventEnvelope event;
    try {
      event = EventCodec.decode(json);
    } catch (InvalidEventException e) {
      deadLetter(message.id(), json, e.getMessage());
      count("invalid");
      return;
    }
    try {
      boolean applied =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    if (!rememberEventId(event)) {
                      return false;
                    }
                    handler.handle(event);
                    return true;
                  });
      ack(message.id());
      count(applied ? "processed" : "duplicate");
    } catch (RuntimeException e) {
      count("failed");
      LOG.warnf(
          e,
          "%s could not apply event %s (entry %s); it stays pending",
          group,
          event.id(),
          message.id());
    }
  }

  /** Records the event id for this group; false when it was already there (a redelivery). */
  private boolean rememberEventId(EventEnvelope event) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_event (consumer_group, event_id, stream) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
      insert.setString(1, group);
      insert.setObject(2, event.id());
      insert.setString(3, stream);
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record event " + event.id(), e);
    }
  }

  /** Entries this consumer read but could not apply: retry, or give up after too many tries. */
  private void retryOwnPending() {
    List<StreamMessage<String, String, String>> mine =
        streams.xreadgroup(
            group, consumer, stream, "0", new XReadGroupArgs().count(settings.batchSize()));
    for (StreamMessage<String, String, String> message : mine) {
      // this read counted as a delivery too
      if (deliveriesOf(message.id()) > settings.maxDeliveries()) {
        giveUp(message);
      } else {
        deliver(message);
      }
    }
  }

  /** Entries another consumer (a crashed instance) left pending too long: take them over. */
  private void claimStale() {
    String cursor = "0-0";
    do {
      ClaimedMessages<String, String, String> claimed =
          streams.xautoclaim(
              stream, group, consumer, settings.claimMinIdle(), cursor, settings.batchSize());
      for (StreamMessage<String, String, String> message : claimed.getMessages()) {
        if (deliveriesOf(message.id()) > settings.maxDeliveries()) {
          giveUp(message);
        } else {
          LOG.infof("%s took over entry %s of %s", consumer, message.id(), stream);
          deliver(message);
        }
      }
      cursor = claimed.getId();
    } while (running && cursor != null && !"0-0".equals(cursor));
  }

  private int deliveriesOf(String entryId) {
    List<PendingMessage> entries =
        streams.xpending(stream, group, new StreamRange(entryId, entryId), 1);
    return entries.isEmpty() ? 0 : entries.get(0).getDeliveryCount();
  }

  private void giveUp(StreamMessage<String, String, String> message) {
    Map<String, String> fields = message.payload();
    String json = fields == null ? null : fields.get(Streams.ENVELOPE_FIELD);
    deadLetter(message.id(), json, "failed " + settings.maxDeliveries() + " deliveries");
    count("dead_lettered");
  }

  private void deadLetter(String entryId, String json, String reason) {
    LOG.errorf("%s dead-letters entry %s of %s: %s", group, entryId, stream, reason);
    streams.xadd(
        stream + DEAD_SUFFIX,
        new XAddArgs().maxlen(10_000L).nearlyExactTrimming(),
        Map.of(
            Streams.ENVELOPE_FIELD,
            json == null ? "" : json,
            "group",
            group,
            "entry",
            entryId,
            "reason",
            reason));
    ack(entryId);
  }

  private void ack(String entryId) {
    streams.xack(stream, group, entryId);
  }

  private void refreshGauges() {
    length.set(streams.xlen(stream));
    Response groups = redis.execute("XINFO", "GROUPS", stream);
    for (Response info : groups) {
      if (group.equals(field(info, "name"))) {
        String pendingCount = field(info, "pending");
        String groupLag = field(info, "lag");
        pending.set(pendingCount == null ? 0 : Long.parseLong(pendingCount));
        // Redis < 7 has no lag; the length is then the worst case
        lag.set(groupLag == null ? length.get() : Long.parseLong(groupLag));
      }
    }
  }

  /** A member of an XINFO reply, whether it came as a RESP3 map or a RESP2 flat list. */
  private static String field(Response info, String name) {
    if (info.getKeys() != null && !info.getKeys().isEmpty()) {
      Response value = info.get(name);
      return value == null ? null : value.toString();
    }
    for (int i = 0; i + 1 < info.size(); i += 2) {
      if (name.equals(info.get(i).toString())) {
        Response value = info.get(i + 1);
        return value == null ? null : value.toString();
      }
    }
    return null;
  }

  private void forgetOldEventIds() {
    if (System.nanoTime() < nextRetention) {
      return;
    }
    nextRetention = System.nanoTime() + Duration.ofHours(1).toNanos();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM processed_event WHERE consumer_group = ? AND stream = ? "
                    + "AND processed_at < now() - make_interval(secs => ?)")) {
      delete.setString(1, group);
      delete.setString(2, stream);
      delete.setDouble(3, settings.processedRetention().toSeconds());
      delete.executeUpdate();
    } catch (SQLException e) {
      LOG.warnf("cannot forget old event ids of %s: %s", stream, e.getMessage());
    }
  }

  private void count(String outcome) {
    registry
        .counter("qv.stream.events.consumed", "stream", stream, "group", group, "outcome", outcome)
        .increment();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
