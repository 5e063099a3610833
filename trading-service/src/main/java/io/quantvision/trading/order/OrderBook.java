package io.quantvision.trading.order;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.payload.OrderPayload;
import io.quantvision.support.stream.Outbox;
import io.quantvision.support.tx.AtCommit;
import io.quantvision.trading.Decimals;
import io.quantvision.trading.account.Account;
import io.quantvision.trading.account.Accounts;
import io.quantvision.trading.account.Position;
import io.quantvision.trading.broker.BrokerOrder;
import io.quantvision.trading.broker.Execution;
import io.quantvision.trading.metrics.TradingMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Every change of an order's state goes through here, inside the caller's transaction: the state
 * machine is checked, the change is appended to {@code order_event} (the audit trail) and put in
 * the outbox for {@code trading.orders.v1}, and fills move cash and positions. Locks are always
 * taken account first, then order, so concurrent writers cannot deadlock.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OrderBook {

  private static final Logger LOG = Logger.getLogger(OrderBook.class);

  private final EntityManager em;
  private final AgroalDataSource dataSource;
  private final AtCommit atCommit;
  private final Accounts accounts;
  private final Outbox outbox;
  private final TradingMetrics metrics;

  OrderBook(
      EntityManager em,
      AgroalDataSource dataSource,
      AtCommit atCommit,
      Accounts accounts,
      Outbox outbox,
      TradingMetrics metrics) {
    this.em = em;
    this.dataSource = dataSource;
    this.atCommit = atCommit;
    this.accounts = accounts;
    this.outbox = outbox;
    this.metrics = metrics;
  }

  /** An order with its account, both locked for the rest of the transaction. */
  public record Locked(Account account, Order order) {}

  public Optional<Locked> lock(UUID orderId) {
    List<?> owner =
        em.createNativeQuery("SELECT user_id FROM orders WHERE id = ?1")
            .setParameter(1, orderId)
            .getResultList();
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    Account account = accounts.lock((String) owner.get(0));
    Order order = em.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    em.refresh(order);
    return Optional.of(new Locked(account, order));
  }

  /** Records a newly accepted order (status {@code accepted}). */
  public void accept(Order order, String actor) {
    order.status = OrderStatus.ACCEPTED.wire();
    em.persist(order);
    // the row must exist before its fill and audit rows (foreign keys); later changes in this
    // transaction become one UPDATE at commit (the fill insert does not flush, see append())
    em.flush();
    record(order, "accepted", null, null, null, actor);
  }

  /** Moves an order to {@code next}; throws when the state machine forbids it. */
  public void transition(Order order, OrderStatus next, String event, String detail, String actor) {
    if (!tryTransition(order, next, event, detail, actor)) {
      throw new IllegalStateException(
          "order " + order.id + " cannot go from " + order.status + " to " + next.wire());
    }
  }

  /** Moves an order to {@code next} when the state machine allows it; false (no change) if not. */
  public boolean tryTransition(
      Order order, OrderStatus next, String event, String detail, String actor) {
    OrderStatus current = order.status();
    if (!current.canBecome(next)) {
      return false;
    }
    String previous = order.status;
    order.status = next.wire();
    Instant now = now();
    order.updatedAt = now;
    switch (next) {
      case CANCELED -> order.canceledAt = now;
      case EXPIRED -> order.expiredAt = now;
      case FILLED -> order.filledAt = now;
      default -> {}
    }
    if (next.isTerminal()) {
      order.reserved = BigDecimal.ZERO;
      order.submitLeaseUntil = null;
    }
    audit(order, event == null ? eventOf(next) : event, previous, null, null, null, detail, actor);
    publish(order, event == null ? eventOf(next) : event, null, null, null, detail);
    return true;
  }

  /**
   * Applies what a broker says about an order: its id there, fills not seen yet (explicit, or
   * derived from the cumulative filled quantity), then its status. Returns whether anything
   * changed.
   */
  public boolean applyBrokerView(Order order, BrokerOrder view, Account account, String actor) {
    boolean changed = false;
    if (view.brokerOrderId() != null && order.brokerOrderId == null) {
      order.brokerOrderId = view.brokerOrderId();
      changed = true;
    }
    if (order.submittedAt == null) {
      order.submittedAt = now();
      changed = true;
    }
    List<Execution> executions = view.executions();
    if (executions.isEmpty() && view.filledQty() != null) {
      executions = derived(order, view).map(List::of).orElse(List.of());
    }
    for (int i = 0; i < executions.size(); i++) {
      boolean last = i == executions.size() - 1;
      changed |=
          applyExecution(order, executions.get(i), account, last ? view.status() : null, actor);
    }
    OrderStatus target = view.status();
    if (target != order.status()) {
      if (target == OrderStatus.NEW && order.status() == OrderStatus.PENDING_CANCEL) {
        // the broker has not processed our cancel yet: it stays wanted (and is sent again)
        return changed;
      }
      if (target != OrderStatus.PARTIALLY_FILLED && target != OrderStatus.FILLED) {
        // fills set those two themselves; anything else the broker decides
        changed |= tryTransition(order, target, null, view.detail(), actor);
      }
    }
    return changed;
  }

  /**
   * Applies one fill unless its execution id was seen before (then false). {@code finalStatus}: the
   * status the broker reports once this fill is in, if known.
   */
  public boolean applyExecution(
      Order order, Execution fill, Account account, OrderStatus finalStatus, String actor) {
    int inserted =
        append(
                "fill",
                "INSERT INTO fill (order_id, execution_id, qty, price, commission, filled_at) "
                    + "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
            .setParameter(1, order.id)
            .setParameter(2, fill.executionId())
            .setParameter(3, fill.qty())
            .setParameter(4, fill.price())
            .setParameter(5, fill.commission())
            .setParameter(6, fill.at())
            .executeUpdate();
    if (inserted == 0) {
      LOG.debugf("fill %s of order %s was already applied", fill.executionId(), order.id);
      return false;
    }
    BigDecimal gross = fill.qty().multiply(fill.price());
    BigDecimal filledBefore = order.filledQty;
    BigDecimal filledAfter = filledBefore.add(fill.qty());
    order.filledAvgPrice =
        (order.filledAvgPrice == null
                ? BigDecimal.ZERO
                : order.filledAvgPrice.multiply(filledBefore))
            .add(gross)
            .divide(filledAfter, Decimals.QTY_SCALE, RoundingMode.HALF_EVEN);
    order.filledQty = filledAfter;
    order.commission = order.commission.add(fill.commission());
    moveMoney(order, fill, gross, account);
    if (order.isBuy()) {
      releaseReservation(order, filledBefore, fill.qty(), gross.add(fill.commission()));
    }
    boolean complete =
        order.qty != null
            ? filledAfter.compareTo(order.qty) >= 0
            : finalStatus == OrderStatus.FILLED;
    OrderStatus next =
        complete
            ? OrderStatus.FILLED
            : order.status() == OrderStatus.PENDING_CANCEL
                ? OrderStatus.PENDING_CANCEL
                : OrderStatus.PARTIALLY_FILLED;
    String event = complete ? "fill" : "partial_fill";
    String previous = order.status;
    if (!order.status().canBecome(next)) {
      // a late fill on an order we already closed: the money moved, the status stays
      LOG.warnf(
          "fill %s arrived for order %s in status %s", fill.executionId(), order.id, previous);
      next = order.status();
    }
    order.status = next.wire();
    Instant now = now();
    order.updatedAt = now;
    if (next == OrderStatus.FILLED) {
      order.filledAt = now;
      order.reserved = BigDecimal.ZERO;
      order.submitLeaseUntil = null;
    }
    audit(order, event, previous, fill.executionId(), fill.qty(), fill.price(), null, actor);
    publish(order, event, fill.executionId(), fill.qty(), fill.price(), null);
    metrics.filled(order.broker);
    return true;
  }

  private void moveMoney(Order order, Execution fill, BigDecimal gross, Account account) {
    Position position =
        accounts
            .position(order.userId, order.symbol)
            .orElseGet(
                () -> {
                  Position created = new Position();
                  created.userId = order.userId;
                  created.symbol = order.symbol;
                  created.qty = BigDecimal.ZERO;
                  created.avgEntryPrice = BigDecimal.ZERO;
                  created.updatedAt = now();
                  em.persist(created);
                  return created;
                });
    if (order.isBuy()) {
      BigDecimal qtyAfter = position.qty.add(fill.qty());
      position.avgEntryPrice =
          position
              .qty
              .multiply(position.avgEntryPrice)
              .add(gross)
              .divide(qtyAfter, Decimals.QTY_SCALE, RoundingMode.HALF_EVEN);
      position.qty = qtyAfter;
      account.cash = account.cash.subtract(gross).subtract(fill.commission());
    } else {
      BigDecimal realized = fill.price().subtract(position.avgEntryPrice).multiply(fill.qty());
      account.realizedPl = Decimals.money(account.realizedPl.add(realized));
      position.qty = position.qty.subtract(fill.qty());
      account.cash = account.cash.add(gross).subtract(fill.commission());
    }
    account.cash = Decimals.money(account.cash);
    account.updatedAt = now();
    position.updatedAt = now();
  }

  // A buy order holds buying power for what is still to fill; each fill releases its share.
  private static void releaseReservation(
      Order order, BigDecimal filledBefore, BigDecimal fillQty, BigDecimal spent) {
    if (order.qty == null) {
      order.reserved = order.reserved.subtract(spent).max(BigDecimal.ZERO);
      return;
    }
    BigDecimal remainingBefore = order.qty.subtract(filledBefore);
    if (remainingBefore.signum() <= 0 || fillQty.compareTo(remainingBefore) >= 0) {
      order.reserved = BigDecimal.ZERO;
      return;
    }
    order.reserved =
        Decimals.money(
            order
                .reserved
                .multiply(remainingBefore.subtract(fillQty))
                .divide(remainingBefore, Decimals.MONEY_SCALE, RoundingMode.HALF_EVEN));
  }

  /**
   * The fill a cumulative snapshot implies beyond what we have: id = broker id + cumulative qty.
   */
  private static Optional<Execution> derived(Order order, BrokerOrder view) {
    BigDecimal delta = view.filledQty().subtract(order.filledQty);
    if (delta.signum() <= 0 || view.filledAvgPrice() == null) {
      return Optional.empty();
    }
    BigDecimal ours =
        order.filledAvgPrice == null
            ? BigDecimal.ZERO
            : order.filledAvgPrice.multiply(order.filledQty);
    BigDecimal price =
        view.filledAvgPrice()
            .multiply(view.filledQty())
            .subtract(ours)
            .divide(delta, Decimals.QTY_SCALE, RoundingMode.HALF_EVEN);
    String id =
        (view.brokerOrderId() != null ? view.brokerOrderId() : order.id.toString())
            + ":"
            + Decimals.plain(view.filledQty()).toPlainString();
    return Optional.of(new Execution(id, delta, price, BigDecimal.ZERO, now()));
  }

  private void record(
      Order order,
      String event,
      String executionId,
      BigDecimal qty,
      BigDecimal price,
      String actor) {
    audit(order, event, null, executionId, qty, price, null, actor);
    publish(order, event, executionId, qty, price, null);
  }

  private void audit(
      Order order,
      String event,
      String previous,
      String executionId,
      BigDecimal qty,
      BigDecimal price,
      String detail,
      String actor) {
    atCommit.add(
        auditTrail,
        new AuditRow(
            order.id, event, previous, order.status, executionId, qty, price, detail, actor));
  }

  /** One row of {@code order_event}. */
  private record AuditRow(
      UUID orderId,
      String event,
      String previous,
      String status,
      String executionId,
      BigDecimal qty,
      BigDecimal price,
      String detail,
      String actor) {}

  /**
   * A transaction's audit rows, written in one statement when it commits, in the order they
   * happened (a filled market order has three). The order row they reference exists by then: {@link
   * #accept} flushes it.
   */
  private final AtCommit.Batch<AuditRow> auditTrail = this::insertAuditRows;

  private void insertAuditRows(List<AuditRow> rows) {
    int size = rows.size();
    Object[] orderIds = new Object[size];
    String[][] texts = new String[6][size];
    BigDecimal[][] amounts = new BigDecimal[2][size];
    for (int i = 0; i < size; i++) {
      AuditRow row = rows.get(i);
      orderIds[i] = row.orderId();
      texts[0][i] = row.event();
      texts[1][i] = row.previous();
      texts[2][i] = row.status();
      texts[3][i] = row.executionId();
      texts[4][i] = row.detail();
      texts[5][i] = row.actor();
      amounts[0][i] = row.qty();
      amounts[1][i] = row.price();
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO order_event (order_id, event, previous_status, status, execution_id,"
                    + " detail, actor, qty, price)"
                    + " SELECT order_id, event, previous_status, status, execution_id, detail,"
                    + " actor, qty, price FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[],"
                    + " ?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[])"
                    + " WITH ORDINALITY AS e(order_id, event, previous_status, status,"
                    + " execution_id, detail, actor, qty, price, n) ORDER BY n")) {
      insert.setArray(1, connection.createArrayOf("uuid", orderIds));
      for (int t = 0; t < texts.length; t++) {
        insert.setArray(2 + t, connection.createArrayOf("text", texts[t]));
      }
      insert.setArray(8, connection.createArrayOf("numeric", amounts[0]));
      insert.setArray(9, connection.createArrayOf("numeric", amounts[1]));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot append " + size + " rows to order_event", e);
    }
  }

  /**
   * An insert into an append-only table no entity maps. Declaring the table lets Hibernate skip the
   * flush it otherwise makes before every native statement: each would write the order row again
   * (three times per filled order), every version a new entry in each of its indexes.
   */
  private Query append(String table, String insert) {
    return em.createNativeQuery(insert).unwrap(NativeQuery.class).addSynchronizedQuerySpace(table);
  }

  private void publish(
      Order order,
      String event,
      String executionId,
      BigDecimal fillQty,
      BigDecimal fillPrice,
      String reason) {
    OrderPayload payload =
        new OrderPayload(
            order.id,
            order.clientOrderId,
            order.userId,
            order.symbol,
            order.side,
            order.type,
            order.timeInForce,
            Decimals.plain(order.qty),
            Decimals.plain(order.notional),
            Decimals.plain(order.limitPrice),
            Decimals.plain(order.stopPrice),
            event,
            order.status,
            Decimals.plain(order.filledQty),
            Decimals.plain(order.filledAvgPrice),
            executionId,
            Decimals.plain(fillQty),
            Decimals.plain(fillPrice),
            reason,
            order.updatedAt);
    Object requestId = MDC.get("request_id");
    outbox.addAtCommit(
        EventEnvelope.create(
            EventType.ORDER,
            "trading-service",
            requestId == null ? order.id.toString() : requestId.toString(),
            payload));
  }

  static String eventOf(OrderStatus status) {
    return switch (status) {
      case PARTIALLY_FILLED -> "partial_fill";
      case FILLED -> "fill";
      default -> status.wire();
    };
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
