package io.quantvision.support.tx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes gathered during a transaction and made together just before it commits, so that the rows
 * of one kind a transaction appends (audit rows, outbox events) cost one statement instead of one
 * each. They are written inside the transaction, on its connection: a failing write rolls it back;
 * a transaction that rolls back drops what it gathered.
 */
@ApplicationScoped
public class AtCommit {

  private final TransactionSynchronizationRegistry transactions;

  AtCommit(TransactionSynchronizationRegistry transactions) {
    this.transactions = transactions;
  }

  /** A kind of deferred write; the instance is the key its items are gathered under. */
  public interface Batch<T> {

    /** Writes everything the transaction gathered, in the order it was added. */
    void write(List<T> items);

    /** After the transaction ended (committed or not). */
    default void completed(boolean committed) {}
  }

  /** Gathers {@code item}; must run inside an active transaction. */
  public <T> void add(Batch<T> batch, T item) {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      throw new IllegalStateException(
          "a write deferred to commit needs an active transaction: it must commit with it");
    }
    @SuppressWarnings("unchecked")
    Gathered<T> gathered = (Gathered<T>) transactions.getResource(batch);
    if (gathered == null) {
      gathered = new Gathered<>(batch);
      transactions.putResource(batch, gathered);
      transactions.registerInterposedSynchronization(gathered);
    }
    gathered.add(item);
  }

  private static final class Gathered<T> implements Synchronization {
    private final Batch<T> batch;
    private final List<T> items = new ArrayList<>();
    private boolean written;

    Gathered(Batch<T> batch) {
      this.batch = batch;
    }

    void add(T item) {
      if (written) {
        throw new IllegalStateException("the transaction's deferred writes were already made");
      }
      items.add(item);
    }

    @Override
    public void beforeCompletion() {
      written = true;
      batch.write(items);
    }

    @Override
    public void afterCompletion(int status) {
      batch.completed(status == Status.STATUS_COMMITTED);
    }
  }
}
