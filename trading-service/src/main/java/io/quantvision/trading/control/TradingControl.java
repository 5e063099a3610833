package io.quantvision.trading.control;

import io.agroal.api.AgroalDataSource;
import io.quantvision.trading.alert.TradingAlerts;
import io.quantvision.trading.metrics.TradingMetrics;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.jboss.logging.Logger;

/**
 * The kill switch, kept in this service's database so every instance obeys the same state the
 * moment it is committed. Each change is audited and raises (or resolves) an alert.
 */
@ApplicationScoped
public class TradingControl {

  private static final Logger LOG = Logger.getLogger(TradingControl.class);

  private final AgroalDataSource dataSource;
  private final EntityManager em;
  private final TradingAlerts alerts;
  private final TradingMetrics metrics;

  TradingControl(
      AgroalDataSource dataSource, EntityManager em, TradingAlerts alerts, TradingMetrics metrics) {
    this.dataSource = dataSource;
    this.em = em;
    this.alerts = alerts;
    this.metrics = metrics;
  }

  /** The state now (read on every order: a halt on one instance stops all of them at once). */
  public TradingStatus status() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT state, reason, changed_by, changed_at FROM trading_state WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      TradingStatus status =
          new TradingStatus(
              TradingState.valueOf(row.getString(1)),
              row.getString(2),
              row.getString(3),
              row.getTimestamp(4).toInstant());
      metrics.tradingState(status.state().ordinal());
      return status;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the trading state", e);
    }
  }

  public TradingState state() {
    return status().state();
  }

  /** Moves the switch; the audit row, the alert and the state commit together. */
  @Transactional
  public TradingStatus change(TradingState next, String actor, String reason, String requestId) {
    Object[] previous =
        (Object[])
            em.createNativeQuery(
                    "SELECT state, changed_at FROM trading_state WHERE id = 1 FOR UPDATE")
                .getSingleResult();
    String before = (String) previous[0];
    em.createNativeQuery(
            "UPDATE trading_state SET state = ?1, reason = ?2, changed_by = ?3, changed_at = now() "
                + "WHERE id = 1")
        .setParameter(1, next.name())
        .setParameter(2, reason)
        .setParameter(3, actor)
        .executeUpdate();
    em.createNativeQuery(
            "INSERT INTO trading_state_audit (previous_state, state, reason, actor, request_id) "
                + "VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, before)
        .setParameter(2, next.name())
        .setParameter(3, reason)
        .setParameter(4, actor)
        .setParameter(5, requestId)
        .executeUpdate();
    if (!before.equals(next.name())) {
      alerts.tradingStateChanged(next.name(), actor, reason);
    }
    LOG.warnf("trading state %s -> %s by %s: %s", before, next, actor, reason);
    metrics.tradingState(next.ordinal());
    Object changedAt =
        em.createNativeQuery("SELECT changed_at FROM trading_state WHERE id = 1").getSingleResult();
    return new TradingStatus(next, reason, actor, toInstant(changedAt));
  }

  /** Keeps the gauges of this instance in step with changes made through another one. */
  @Scheduled(every = "5s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshGauges() {
    try {
      status();
    } catch (RuntimeException e) {
      LOG.debugf("cannot refresh the trading state gauge: %s", e.getMessage());
    }
  }

  private static java.time.Instant toInstant(Object value) {
    if (value instanceof java.time.Instant instant) {
      return instant;
    }
    if (value instanceof java.time.OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    return java.time.Instant.now();
  }
}
