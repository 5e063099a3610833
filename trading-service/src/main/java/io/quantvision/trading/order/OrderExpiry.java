package io.quantvision.trading.order;

import io.quantvision.trading.broker.PaperBroker;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Expires paper {@code day} orders at the market close. (Alpaca expires its own; the poller learns
 * of it.)
 */
@ApplicationScoped
public class OrderExpiry {

  private static final Logger LOG = Logger.getLogger(OrderExpiry.class);

  private final EntityManager em;
  private final OrderBook book;

  OrderExpiry(EntityManager em, OrderBook book) {
    this.em = em;
    this.book = book;
  }

  @Scheduled(
      every = "30s",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void expireSafely() {
    try {
      expireDue();
    } catch (RuntimeException e) {
      LOG.warnf("expiring orders failed: %s", e.getMessage());
    }
  }

  /** Expires every paper order past its time in force; returns how many. */
  public int expireDue() {
    @SuppressWarnings("unchecked")
    List<UUID> due =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            "SELECT id FROM orders WHERE broker = ?1 AND expires_at < now()"
                                + " AND status IN ('new', 'partially_filled')"
                                + " ORDER BY user_id LIMIT 500",
                            UUID.class)
                        .setParameter(1, PaperBroker.NAME)
                        .getResultList());
    int expired = 0;
    for (UUID id : due) {
      boolean done =
          QuarkusTransaction.requiringNew()
              .call(
                  () ->
                      book.lock(id)
                          .map(
                              l ->
                                  book.tryTransition(
                                      l.order(),
                                      OrderStatus.EXPIRED,
                                      null,
                                      "time in force " + l.order().timeInForce + " ended",
                                      "system"))
                          .orElse(false));
      expired += done ? 1 : 0;
    }
    return expired;
  }
}
