package io.quantvision.trading.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Platform-wide P&L for the trading dashboard: realized (sum over accounts) and unrealized (open
 * positions marked to the latest price trading has learnt from md.bars.v1). Refreshed on a schedule
 * rather than on scrape, so a scrape never waits on the database.
 */
@ApplicationScoped
public class PnlGauges {

  private static final Logger LOG = Logger.getLogger(PnlGauges.class);

  private final EntityManager em;
  private final MeterRegistry registry;
  private final AtomicReference<BigDecimal> realized = new AtomicReference<>(BigDecimal.ZERO);
  private final AtomicReference<BigDecimal> unrealized = new AtomicReference<>(BigDecimal.ZERO);

  PnlGauges(EntityManager em, MeterRegistry registry) {
    this.em = em;
    this.registry = registry;
  }

  void register(@Observes StartupEvent event) {
    registry.gauge("qv.trading.pnl.realized", realized, r -> r.get().doubleValue());
    registry.gauge("qv.trading.pnl.unrealized", unrealized, u -> u.get().doubleValue());
  }

  @Scheduled(
      every = "${trading.metrics.pnl-refresh}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshSafely() {
    try {
      refresh();
    } catch (RuntimeException e) {
      LOG.warnf("refreshing the P&L gauges failed: %s", e.getMessage());
    }
  }

  public void refresh() {
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              realized.set(sum("SELECT coalesce(sum(realized_pl), 0) FROM account"));
              unrealized.set(
                  sum(
                      "SELECT coalesce(sum(p.qty * (m.price - p.avg_entry_price)), 0)"
                          + " FROM position p JOIN market_price m ON m.symbol = p.symbol"));
            });
  }

  private BigDecimal sum(String sql) {
    return (BigDecimal) em.createNativeQuery(sql).getSingleResult();
  }
}
