package io.quantvision.support.stream;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.support.tx.AtCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The transactional outbox: {@link #add} writes an event in the caller's transaction, beside the
 * state change it describes; after commit the {@link OutboxRelay} puts it on its stream. An event
 * is therefore published if and only if its transaction committed, and survives a Redis outage or a
 * crash. Events of one aggregate (written by successive transactions) go out in order; a relay
 * retried after a failure may publish an event twice, which consumers absorb by event id.
 */
@ApplicationScoped
public class Outbox {

  private final AgroalDataSource dataSource;
  private final TransactionSynchronizationRegistry transactions;
  private final OutboxRelay relay;
  private final AtCommit atCommit;

  Outbox(
      AgroalDataSource dataSource,
      TransactionSynchronizationRegistry transactions,
      OutboxRelay relay,
      AtCommit atCommit) {
    this.dataSource = dataSource;
    this.transactions = transactions;
    this.relay = relay;
    this.atCommit = atCommit;
  }

  /** Adds the event to the stream of its type; must run inside a transaction. */
  public void add(EventEnvelope event) {
    add(StreamPublisher.streamOf(event), event);
  }

  /**
   * Adds many events in one statement (one round trip however many there are), in the order given;
   * for batch writers whose throughput matters. Must run inside a transaction.
   */
  public void addAll(Collection<EventEnvelope> events) {
    if (events.isEmpty()) {
      return;
    }
    requireTransaction();
    insert(events.stream().map(e -> new Pending(StreamPublisher.streamOf(e), e)).toList());
    wakeRelayAfterCommit();
  }

  /**
   * Adds the event when the transaction commits, in one statement with the other events added this
   * way (in the order added): for writers that publish several events per transaction one at a
   * time. Must run inside a transaction.
   */
  public void addAtCommit(EventEnvelope event) {
    addAtCommit(StreamPublisher.streamOf(event), event);
  }

  public void addAtCommit(String stream, EventEnvelope event) {
    atCommit.add(atCommitBatch, new Pending(stream, event));
  }

  /** An event and the stream it is for. */
  private record Pending(String stream, EventEnvelope event) {}

  private final AtCommit.Batch<Pending> atCommitBatch =
      new AtCommit.Batch<>() {
        @Override
        public void write(List<Pending> events) {
          insert(events);
        }

        @Override
        public void completed(boolean committed) {
          if (committed) {
            relay.wakeUp();
          }
        }
      };

  private void insert(List<Pending> events) {
    int size = events.size();
    Object[] ids = new Object[size];
    String[] streams = new String[size];
    String[] envelopes = new String[size];
    for (int i = 0; i < size; i++) {
      Pending pending = events.get(i);
      ids[i] = pending.event().id();
      streams[i] = pending.stream();
      envelopes[i] = EventCodec.encode(pending.event());
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO outbox_event (event_id, stream, envelope)"
                    + " SELECT event_id, stream, envelope FROM unnest(?::uuid[], ?::text[], ?::text[])"
                    + " WITH ORDINALITY AS e(event_id, stream, envelope, n) ORDER BY n")) {
      insert.setArray(1, connection.createArrayOf("uuid", ids));
      insert.setArray(2, connection.createArrayOf("text", streams));
      insert.setArray(3, connection.createArrayOf("text", envelopes));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write " + size + " events to the outbox", e);
    }
  }

  public void add(String stream, EventEnvelope event) {
    requireTransaction();
    // Agroal hands out the connection already enlisted in this transaction (Hibernate's too).
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO outbox_event (event_id, stream, envelope) VALUES (?, ?, ?)")) {
      insert.setObject(1, event.id());
      insert.setString(2, stream);
      insert.setString(3, EventCodec.encode(event));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write event " + event.id() + " to the outbox", e);
    }
    wakeRelayAfterCommit();
  }

  private void requireTransaction() {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      throw new IllegalStateException(
          "Outbox.add needs an active transaction: the event must commit with its state change");
    }
  }

  private void wakeRelayAfterCommit() {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              relay.wakeUp();
            }
          }
        });
  }
}
