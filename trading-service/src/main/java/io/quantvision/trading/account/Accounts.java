package io.quantvision.trading.account;

import io.quantvision.trading.TradingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Accounts and positions; an account is opened on a user's first use with the starting cash. */
@ApplicationScoped
public class Accounts {

  private final EntityManager em;
  private final TradingConfig config;

  Accounts(EntityManager em, TradingConfig config) {
    this.em = em;
    this.config = config;
  }

  /** The caller's account, created if absent, locked for the rest of the transaction. */
  public Account lockOrOpen(String userId) {
    Account account = em.find(Account.class, userId, LockModeType.PESSIMISTIC_WRITE);
    if (account != null) {
      return account;
    }
    open(userId);
    return em.find(Account.class, userId, LockModeType.PESSIMISTIC_WRITE);
  }

  /** The caller's account without a lock, created if absent. */
  public Account findOrOpen(String userId) {
    Account account = em.find(Account.class, userId);
    if (account != null) {
      return account;
    }
    open(userId);
    return em.find(Account.class, userId);
  }

  public Account lock(String userId) {
    return em.find(Account.class, userId, LockModeType.PESSIMISTIC_WRITE);
  }

  // Concurrent first requests of one user race here; ON CONFLICT lets exactly one insert win.
  private void open(String userId) {
    em.createNativeQuery(
            "INSERT INTO account (user_id, cash, realized_pl) VALUES (?1, ?2, 0) "
                + "ON CONFLICT (user_id) DO NOTHING")
        .setParameter(1, userId)
        .setParameter(2, config.startingCash())
        .executeUpdate();
  }

  public Optional<Position> position(String userId, String symbol) {
    return Optional.ofNullable(em.find(Position.class, new Position.Key(userId, symbol)));
  }

  public List<Position> positions(String userId) {
    return em.createQuery(
            "FROM Position p WHERE p.userId = :user AND p.qty <> 0 ORDER BY p.symbol",
            Position.class)
        .setParameter("user", userId)
        .getResultList();
  }

  public BigDecimal heldQty(String userId, String symbol) {
    return position(userId, symbol).map(p -> p.qty).orElse(BigDecimal.ZERO);
  }
}
