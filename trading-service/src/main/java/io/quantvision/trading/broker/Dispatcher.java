package io.quantvision.trading.broker;

import io.quantvision.trading.TradingConfig;
import io.quantvision.trading.account.Account;
import io.quantvision.trading.alert.TradingAlerts;
import io.quantvision.trading.metrics.TradingMetrics;
import io.quantvision.trading.order.Order;
import io.quantvision.trading.order.OrderBook;
import io.quantvision.trading.order.OrderStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Hands accepted orders to their broker and records the answer. An order is persisted (status
 * {@code accepted}, with a lease naming how long its submitter may take) before any call; when the
 * submitter dies or the answer is lost, the lease runs out and the reconciler asks the broker by
 * client_order_id: an order the broker has is adopted, only an order it does not have is sent.
 */
@ApplicationScoped
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);
  private static final String ACTOR = "broker";

  private final Brokers brokers;
  private final OrderBook book;
  private final EntityManager em;
  private final TradingConfig config;
  private final TradingMetrics metrics;
  private final TradingAlerts alerts;

  Dispatcher(
      Brokers brokers,
      OrderBook book,
      EntityManager em,
      TradingConfig config,
      TradingMetrics metrics,
      TradingAlerts alerts) {
    this.brokers = brokers;
    this.book = book;
    this.em = em;
    this.config = config;
    this.metrics = metrics;
    this.alerts = alerts;
  }

  /** Sends an order this instance just accepted (and holds the lease of). */
  public void send(UUID orderId) {
    Order order = QuarkusTransaction.requiringNew().call(() -> em.find(Order.class, orderId));
    if (order == null || order.status() != OrderStatus.ACCEPTED) {
      return;
    }
    submit(order);
  }

  private void submit(Order order) {
    Broker broker = brokers.of(order.broker);
    if (config.faults().haltBeforeBrokerCall()) {
      LOG.errorf("TEST-ONLY fault hook: halting before the broker call for order %s", order.id);
      Runtime.getRuntime().halt(86);
    }
    BrokerOrder view;
    try {
      view = broker.submit(order);
    } catch (BrokerRefused refused) {
      failed(broker, refused);
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  book.lock(order.id)
                      .ifPresent(
                          l ->
                              book.tryTransition(
                                  l.order(),
                                  OrderStatus.REJECTED,
                                  null,
                                  refused.getMessage(),
                                  ACTOR)));
      return;
    } catch (RuntimeException e) {
      failed(broker, e);
      postpone(order.id);
      return;
    }
    if (config.faults().haltAfterBrokerCall()) {
      LOG.errorf("TEST-ONLY fault hook: halting after the broker call for order %s", order.id);
      Runtime.getRuntime().halt(87);
    }
    record(order.id, broker, view);
  }

  private void record(UUID orderId, Broker broker, BrokerOrder view) {
    boolean cancelWanted =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    book.lock(orderId)
                        .map(locked -> applyAnswer(locked.order(), locked.account(), view))
                        .orElse(false));
    if (cancelWanted) {
      cancelAtBroker(orderId);
    }
  }

  /**
   * Submits an order to an in-process broker ({@link Broker#inProcess()}) inside the caller's
   * transaction, the one that accepted the order and holds its account's lock: the order commits
   * with the broker's answer.
   */
  public void submitInTransaction(Order order, Account account) {
    Broker broker = brokers.of(order.broker);
    if (!broker.inProcess()) {
      throw new IllegalStateException(broker.name() + " is not answered in this process");
    }
    applyAnswer(order, account, broker.submit(order));
  }

  /** Records a broker's answer on the locked order; returns whether a cancel is still wanted. */
  private boolean applyAnswer(Order order, Account account, BrokerOrder view) {
    order.submitLeaseUntil = null;
    // a cancel that came while the order was on its way is still wanted
    boolean wanted = order.status() == OrderStatus.PENDING_CANCEL;
    if (order.status() == OrderStatus.ACCEPTED && view.status() != OrderStatus.REJECTED) {
      book.tryTransition(order, OrderStatus.NEW, null, null, ACTOR);
    }
    book.applyBrokerView(order, view, account, ACTOR);
    return wanted && order.status().isOpen();
  }

  /** Sends a cancel for an order in pending_cancel and records the broker's answer. */
  public void cancelAtBroker(UUID orderId) {
    Order order = QuarkusTransaction.requiringNew().call(() -> em.find(Order.class, orderId));
    if (order == null || order.status() != OrderStatus.PENDING_CANCEL) {
      return;
    }
    Broker broker = brokers.of(order.broker);
    BrokerOrder view;
    try {
      view = broker.cancel(order);
    } catch (RuntimeException e) {
      failed(broker, e);
      return; // stays pending_cancel; the poller asks again
    }
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                book.lock(orderId)
                    .ifPresent(l -> book.applyBrokerView(l.order(), view, l.account(), ACTOR)));
  }

  /** At start-up: whatever a previous run left half-sent is settled before new work. */
  void onStart(@Observes StartupEvent event) {
    Thread.ofVirtual().name("qv-reconcile-at-start").start(this::reconcileSafely);
  }

  @Scheduled(
      every = "${trading.reconcile-interval}",
      delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reconcileSafely() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warnf("reconciliation failed: %s", e.getMessage());
    }
  }

  /**
   * Settles orders whose submission outcome is unknown (lease expired while still accepted, or
   * canceled before the broker answered). Returns how many were looked at.
   */
  public int reconcile() {
    @SuppressWarnings("unchecked")
    List<UUID> due =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            "SELECT id FROM orders WHERE status IN ('accepted', 'pending_cancel')"
                                + " AND broker_order_id IS NULL AND submitted_at IS NULL"
                                + " AND (submit_lease_until IS NULL OR submit_lease_until < now())"
                                + " ORDER BY created_at LIMIT 100",
                            UUID.class)
                        .getResultList());
    for (UUID id : due) {
      if (claim(id)) {
        settle(id);
      }
    }
    return due.size();
  }

  private void settle(UUID orderId) {
    Order order = QuarkusTransaction.requiringNew().call(() -> em.find(Order.class, orderId));
    Broker broker = brokers.of(order.broker);
    Optional<BrokerOrder> there;
    try {
      there = broker.find(order);
    } catch (RuntimeException e) {
      failed(broker, e);
      return; // still unknown: the lease runs out again and we ask again
    }
    if (there.isPresent()) {
      LOG.infof(
          "order %s is already at %s: adopting its state, not resending", orderId, broker.name());
      record(orderId, broker, there.get());
    } else if (order.status() == OrderStatus.PENDING_CANCEL) {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  book.lock(orderId)
                      .ifPresent(
                          l ->
                              book.tryTransition(
                                  l.order(),
                                  OrderStatus.CANCELED,
                                  null,
                                  "canceled before it reached the broker",
                                  ACTOR)));
    } else {
      LOG.infof("order %s never reached %s: sending it now", orderId, broker.name());
      submit(order);
    }
  }

  /** Takes the lease of an order whose lease ran out; false if another instance was quicker. */
  private boolean claim(UUID orderId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                em.createNativeQuery(
                            "UPDATE orders SET submit_lease_until = ?2,"
                                + " broker_attempts = broker_attempts + 1"
                                + " WHERE id = ?1 AND (submit_lease_until IS NULL OR submit_lease_until < now())"
                                + " AND status IN ('accepted', 'pending_cancel')")
                        .setParameter(1, orderId)
                        .setParameter(2, Instant.now().plus(config.submitLease()))
                        .executeUpdate()
                    == 1);
  }

  /** The outcome is unknown: let the reconciler ask, sooner for the first attempts. */
  private void postpone(UUID orderId) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                em.createNativeQuery(
                        "UPDATE orders SET submit_lease_until = now() + make_interval(secs =>"
                            + " least(60, power(2, broker_attempts))) WHERE id = ?1")
                    .setParameter(1, orderId)
                    .executeUpdate());
  }

  private void failed(Broker broker, RuntimeException e) {
    BrokerException.Kind kind =
        e instanceof BrokerException known ? known.kind() : BrokerException.Kind.UNKNOWN_OUTCOME;
    metrics.brokerFailed(broker.name(), kind);
    alerts.brokerFailed(broker.name(), kind.tag, e.getMessage());
    LOG.warnf("%s broker call failed (%s): %s", broker.name(), kind.tag, e.getMessage());
  }

  /** Polls brokers that report fills only when asked (Alpaca) for their open orders. */
  @Scheduled(
      every = "${trading.alpaca.poll-interval}",
      delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warnf("polling the broker failed: %s", e.getMessage());
    }
  }

  public int poll() {
    @SuppressWarnings("unchecked")
    List<UUID> open =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            "SELECT id FROM orders WHERE broker = ?1"
                                + " AND status IN ('new', 'partially_filled', 'pending_cancel')"
                                + " AND submitted_at IS NOT NULL ORDER BY updated_at LIMIT 200",
                            UUID.class)
                        .setParameter(1, AlpacaBroker.NAME)
                        .getResultList());
    Broker broker = brokers.of(AlpacaBroker.NAME);
    for (UUID id : open) {
      Order order = QuarkusTransaction.requiringNew().call(() -> em.find(Order.class, id));
      Optional<BrokerOrder> view;
      try {
        view = broker.find(order);
      } catch (RuntimeException e) {
        failed(broker, e);
        continue;
      }
      if (view.isEmpty()) {
        LOG.errorf("order %s (%s) is unknown to %s", id, order.brokerOrderId, broker.name());
        continue;
      }
      record(id, broker, view.get());
    }
    return open.size();
  }
}
