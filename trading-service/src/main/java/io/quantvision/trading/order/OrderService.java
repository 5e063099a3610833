package io.quantvision.trading.order;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.trading.TradingConfig;
import io.quantvision.trading.account.Account;
import io.quantvision.trading.account.Accounts;
import io.quantvision.trading.alert.TradingAlerts;
import io.quantvision.trading.broker.Brokers;
import io.quantvision.trading.broker.Dispatcher;
import io.quantvision.trading.broker.PaperBroker;
import io.quantvision.trading.control.TradingControl;
import io.quantvision.trading.identity.Caller;
import io.quantvision.trading.identity.Callers;
import io.quantvision.trading.metrics.TradingMetrics;
import io.quantvision.trading.price.PriceBook;
import io.quantvision.trading.price.QuoteLookup;
import io.quantvision.trading.risk.EffectiveLimits;
import io.quantvision.trading.risk.RiskCheck;
import io.quantvision.trading.risk.RiskRejection;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Submitting and canceling orders. A submission is checked, priced, risk-checked and persisted in
 * one transaction that holds the account's lock (so a client_order_id is used once and buying power
 * is spent once), and only then handed to the broker.
 */
@ApplicationScoped
public class OrderService {

  private final EntityManager em;
  private final Accounts accounts;
  private final OrderBook book;
  private final RiskCheck risk;
  private final PriceBook prices;
  private final TradingControl control;
  private final Brokers brokers;
  private final Dispatcher dispatcher;
  private final TradingMetrics metrics;
  private final TradingAlerts alerts;
  private final TradingConfig config;

  OrderService(
      EntityManager em,
      Accounts accounts,
      OrderBook book,
      RiskCheck risk,
      PriceBook prices,
      TradingControl control,
      Brokers brokers,
      Dispatcher dispatcher,
      TradingMetrics metrics,
      TradingAlerts alerts,
      TradingConfig config) {
    this.em = em;
    this.accounts = accounts;
    this.book = book;
    this.risk = risk;
    this.prices = prices;
    this.control = control;
    this.brokers = brokers;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.alerts = alerts;
    this.config = config;
  }

  /** The order and whether this call created it (false: a replay of an earlier submission). */
  public record Submission(OrderView order, boolean created) {}

  public Submission submit(Caller caller, OrderRequest raw, String bearer, Callers callers) {
    OrderRequest request = OrderRules.check(raw);
    String clientOrderId =
        request.clientOrderId() != null ? request.clientOrderId() : UUID.randomUUID().toString();
    Attempt attempt =
        new Attempt(caller, request, clientOrderId, OrderRules.fingerprint(request), callers);
    try {
      Placed placed;
      try {
        placed = QuarkusTransaction.requiringNew().call(() -> place(attempt, null));
      } catch (QuoteNeeded needed) {
        // the bars have no fresh price: market-data is asked without holding the account's lock
        QuoteLookup quote = prices.latest(request.symbol(), bearer);
        placed = QuarkusTransaction.requiringNew().call(() -> place(attempt, quote));
      }
      if (placed.earlier() != null) {
        return replay(placed.earlier(), attempt.fingerprint());
      }
      metrics.submitted("accepted");
      if (placed.answered() != null) {
        return new Submission(placed.answered(), true);
      }
      dispatcher.send(placed.id());
      return new Submission(view(caller.userId(), placed.id()), true);
    } catch (RiskRejection rejection) {
      metrics.submitted("rejected");
      metrics.rejected(rejection.reason());
      alerts.riskRejected(rejection.reason().code());
      throw rejection;
    } catch (ProblemException refused) { // an idempotency conflict too
      metrics.submitted("rejected");
      throw refused;
    }
  }

  /** One submission, as checked and fingerprinted. */
  private record Attempt(
      Caller caller,
      OrderRequest request,
      String clientOrderId,
      String fingerprint,
      Callers callers) {}

  /**
   * What placing came to: the accepted order's id and, when an in-process broker answered in the
   * same transaction, its state ({@code answered}; null when it still has to be sent); or the
   * earlier order with the same client_order_id.
   */
  private record Placed(UUID id, OrderView answered, Order earlier) {}

  /** Placing needs a price the bars do not have: its transaction rolls back, nothing stays. */
  private static final class QuoteNeeded extends RuntimeException {
    QuoteNeeded() {
      super(null, null, false, false);
    }
  }

  /**
   * Places an order in one transaction that holds its account's lock, so a client_order_id is used
   * once and buying power is spent once: an earlier order with the same client_order_id wins
   * (nothing else is checked), then the trading state and the price-free checks, the price, the
   * risk checks, the order; with the paper broker its answer too. {@code quote}: the price looked
   * up remotely after an attempt that found no fresh price in the bars (null: use the bars; without
   * a fresh one there, {@link QuoteNeeded}).
   */
  private Placed place(Attempt attempt, QuoteLookup quote) {
    Caller caller = attempt.caller();
    OrderRequest request = attempt.request();
    Account account = accounts.lockOrOpen(caller.userId());
    Optional<Order> earlier = find(caller.userId(), attempt.clientOrderId());
    if (earlier.isPresent()) {
      return new Placed(null, null, earlier.get());
    }
    EffectiveLimits limits = risk.preCheck(caller.userId(), request, control.state());
    if (quote == null) {
      Optional<QuoteLookup> local = prices.fresh(request.symbol());
      if (local.isEmpty()) {
        throw new QuoteNeeded();
      }
      quote = local.get();
    }
    quote
        .quote()
        .ifPresent(
            q -> attempt.callers().requireRecentOtpFor(caller, estimate(request, q.price())));
    RiskCheck.Assessment assessment =
        risk.check(
            caller.userId(),
            request,
            quote,
            limits,
            account.cash,
            accounts.heldQty(caller.userId(), request.symbol()));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Order order = new Order();
    order.id = UUID.randomUUID();
    order.userId = caller.userId();
    order.clientOrderId = attempt.clientOrderId();
    order.requestHash = attempt.fingerprint();
    order.symbol = request.symbol();
    order.side = request.side();
    order.type = request.type();
    order.timeInForce = request.timeInForce();
    order.qty = request.qty();
    order.notional = request.notional();
    order.limitPrice = request.limitPrice();
    order.stopPrice = request.stopPrice();
    order.reserved = assessment.reserve();
    order.broker = brokers.active().name();
    order.submitLeaseUntil = now.plus(config.submitLease());
    order.createdAt = now;
    order.updatedAt = now;
    order.expiresAt = "day".equals(request.timeInForce()) ? endOfDay(now) : null;
    book.accept(order, caller.userId());
    if (brokers.active().inProcess()) {
      dispatcher.submitInTransaction(order, account);
      return new Placed(order.id, OrderView.of(order), null);
    }
    return new Placed(order.id, null, null);
  }

  private Submission replay(Order earlier, String fingerprint) {
    if (!earlier.requestHash.equals(fingerprint)) {
      throw new ProblemException(
          Problem.of(
                  422,
                  "idempotency-conflict",
                  "client_order_id already used",
                  "client_order_id '"
                      + earlier.clientOrderId
                      + "' was used for a different order ("
                      + earlier.id
                      + ")")
              .with("reason", "client_order_id_conflict")
              .with("order_id", earlier.id.toString()));
    }
    metrics.submitted("replayed");
    return new Submission(OrderView.of(earlier), false);
  }

  /** Cancels an order of the caller; a filled or closed order cannot be canceled (422). */
  public OrderView cancel(Caller caller, UUID orderId) {
    boolean sendToBroker =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  OrderBook.Locked locked =
                      book.lock(orderId)
                          .filter(l -> l.order().userId.equals(caller.userId()))
                          .orElseThrow(() -> notFound(orderId));
                  Order order = locked.order();
                  OrderStatus status = order.status();
                  if (status == OrderStatus.PENDING_CANCEL) {
                    return false;
                  }
                  if (status.isTerminal()) {
                    throw new ProblemException(
                        Problem.of(
                                422,
                                "order-not-cancelable",
                                "Order cannot be canceled",
                                "The order is " + order.status + " and can no longer be canceled")
                            .with("reason", "order_not_cancelable"));
                  }
                  if (PaperBroker.NAME.equals(order.broker) && status != OrderStatus.ACCEPTED) {
                    book.transition(
                        order,
                        OrderStatus.CANCELED,
                        null,
                        "canceled by the trader",
                        caller.userId());
                    return false;
                  }
                  book.transition(
                      order, OrderStatus.PENDING_CANCEL, null, "cancel requested", caller.userId());
                  // an order still on its way is settled by whoever holds its lease
                  return status != OrderStatus.ACCEPTED;
                });
    if (sendToBroker) {
      dispatcher.cancelAtBroker(orderId);
    }
    return view(caller.userId(), orderId);
  }

  public OrderView view(String userId, UUID orderId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Order order = em.find(Order.class, orderId);
              if (order == null || !order.userId.equals(userId)) {
                throw notFound(orderId);
              }
              return OrderView.of(order);
            });
  }

  private Optional<Order> find(String userId, String clientOrderId) {
    List<Order> found =
        em.createQuery(
                "FROM Order o WHERE o.userId = :user AND o.clientOrderId = :coid", Order.class)
            .setParameter("user", userId)
            .setParameter("coid", clientOrderId)
            .getResultList();
    return found.stream().findFirst();
  }

  private static BigDecimal estimate(OrderRequest request, BigDecimal price) {
    if (request.notional() != null) {
      return request.notional();
    }
    BigDecimal reference = request.limitPrice() != null ? request.limitPrice() : price;
    return request.qty().multiply(reference);
  }

  private Instant endOfDay(Instant now) {
    ZoneId zone = ZoneId.of(config.paper().marketZone());
    ZonedDateTime local = now.atZone(zone);
    LocalDate day = local.toLocalDate();
    ZonedDateTime close = day.atTime(config.paper().marketClose()).atZone(zone);
    // after the close a day order is for the next session
    return (local.isBefore(close) ? close : close.plusDays(1)).toInstant();
  }

  static ProblemException notFound(UUID orderId) {
    return ProblemException.notFound("No order " + orderId);
  }
}
