package io.quantvision.trading.account;

import static io.quantvision.trading.Decimals.plain;

import io.quantvision.common.security.Roles;
import io.quantvision.trading.control.TradingControl;
import io.quantvision.trading.identity.Callers;
import io.quantvision.trading.price.PriceBook;
import io.quantvision.trading.price.Quote;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The caller's account and positions, marked to the latest price we know. */
@Path("/api/v1")
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
public class AccountResource {

  private final Accounts accounts;
  private final PriceBook prices;
  private final TradingControl control;
  private final EntityManager em;
  private final Callers callers;

  AccountResource(
      Accounts accounts,
      PriceBook prices,
      TradingControl control,
      EntityManager em,
      Callers callers) {
    this.accounts = accounts;
    this.prices = prices;
    this.control = control;
    this.em = em;
    this.callers = callers;
  }

  @GET
  @Path("/positions")
  public List<PositionView> positions(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
    String userId = callers.current().userId();
    List<Position> held = QuarkusTransaction.requiringNew().call(() -> accounts.positions(userId));
    return marked(held, bearer);
  }

  @GET
  @Path("/account")
  public AccountView account(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer) {
    String userId = callers.current().userId();
    record Snapshot(Account account, List<Position> positions, BigDecimal reserved) {}
    Snapshot snapshot =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  Account account = accounts.findOrOpen(userId);
                  BigDecimal reserved =
                      (BigDecimal)
                          em.createNativeQuery(
                                  "SELECT coalesce(sum(reserved), 0) FROM orders WHERE user_id = ?1"
                                      + " AND status IN ('accepted', 'new', 'partially_filled', 'pending_cancel')")
                              .setParameter(1, userId)
                              .getSingleResult();
                  return new Snapshot(account, accounts.positions(userId), reserved);
                });
    List<PositionView> marked = marked(snapshot.positions(), bearer);
    BigDecimal marketValue =
        marked.stream().map(PositionView::marketValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal unrealized =
        marked.stream().map(PositionView::unrealizedPl).reduce(BigDecimal.ZERO, BigDecimal::add);
    Account account = snapshot.account();
    return new AccountView(
        account.userId,
        "ACTIVE",
        "USD",
        money(account.cash),
        money(account.cash.subtract(snapshot.reserved()).max(BigDecimal.ZERO)),
        money(marketValue),
        money(account.cash.add(marketValue)),
        money(account.realizedPl),
        money(unrealized),
        control.state().name(),
        account.createdAt);
  }

  private List<PositionView> marked(List<Position> positions, String bearer) {
    List<PositionView> views = new ArrayList<>();
    for (Position p : positions) {
      BigDecimal current =
          prices.latest(p.symbol, bearer).quote().map(Quote::price).orElse(p.avgEntryPrice);
      BigDecimal cost = p.qty.multiply(p.avgEntryPrice);
      BigDecimal value = p.qty.multiply(current);
      BigDecimal unrealized = value.subtract(cost);
      views.add(
          new PositionView(
              p.symbol,
              "us_equity",
              p.qty.signum() >= 0 ? "long" : "short",
              plain(p.qty),
              plain(p.avgEntryPrice.setScale(4, RoundingMode.HALF_EVEN)),
              money(cost),
              plain(current),
              money(value),
              money(unrealized),
              cost.signum() == 0
                  ? BigDecimal.ZERO
                  : plain(unrealized.divide(cost.abs(), 6, RoundingMode.HALF_EVEN))));
    }
    return views;
  }

  private static BigDecimal money(BigDecimal value) {
    return plain(value.setScale(2, RoundingMode.HALF_EVEN));
  }
}
