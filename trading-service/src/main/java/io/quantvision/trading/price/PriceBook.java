package io.quantvision.trading.price;

import io.agroal.api.AgroalDataSource;
import io.quantvision.trading.risk.RiskLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Latest prices. The bars on {@code md.bars.v1} are the primary source (kept in our own table, so
 * every instance sees the same price and the hot path makes no remote call); market-data's quote
 * API is asked only when the bars have no fresh price for a symbol.
 */
@ApplicationScoped
public class PriceBook {

  private final AgroalDataSource dataSource;
  private final MarketDataQuotes marketData;
  private final RiskLimits limits;

  PriceBook(AgroalDataSource dataSource, MarketDataQuotes marketData, RiskLimits limits) {
    this.dataSource = dataSource;
    this.marketData = marketData;
    this.limits = limits;
  }

  /** The freshest price we can get for pricing an order (bearer: the caller's, forwarded). */
  public QuoteLookup latest(String symbol, String bearer) {
    Optional<Quote> stored = fromBars(symbol);
    if (stored.isPresent() && isFresh(stored.get())) {
      return QuoteLookup.found(stored.get());
    }
    QuoteLookup remote =
        bearer == null ? QuoteLookup.unavailable() : marketData.quote(symbol, bearer);
    if (remote.outcome() == QuoteLookup.Outcome.FOUND
        && (stored.isEmpty() || remote.quote().get().asOf().isAfter(stored.get().asOf()))) {
      return remote;
    }
    // a stale price from the bars still says the symbol exists; the risk check calls it stale
    return stored.map(QuoteLookup::found).orElse(remote);
  }

  /** The price the bars give, when it is fresh enough to trade on; no remote call. */
  public Optional<QuoteLookup> fresh(String symbol) {
    return fromBars(symbol).filter(this::isFresh).map(QuoteLookup::found);
  }

  private boolean isFresh(Quote quote) {
    return !quote.isStale(Instant.now(), limits.maxQuoteAge());
  }

  /** The latest bar close we know, for marking positions; no remote call. */
  public Optional<Quote> fromBars(String symbol) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT price, as_of FROM market_price WHERE symbol = ?")) {
      select.setString(1, symbol);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Quote(
                symbol, row.getBigDecimal(1), row.getTimestamp(2).toInstant(), false, "bars"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the price of " + symbol, e);
    }
  }
}
