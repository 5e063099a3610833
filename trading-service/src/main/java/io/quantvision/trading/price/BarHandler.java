package io.quantvision.trading.price;

import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.support.stream.StreamHandler;
import io.quantvision.trading.TradingConfig;
import io.quantvision.trading.broker.Execution;
import io.quantvision.trading.broker.PaperBroker;
import io.quantvision.trading.order.OrderBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Learns prices from {@code md.bars.v1} and lets the paper broker fill resting orders on them. Runs
 * in the transaction that records the event id, so a redelivered bar moves nothing twice.
 */
@ApplicationScoped
public class BarHandler implements StreamHandler {

  private static final Logger LOG = Logger.getLogger(BarHandler.class);

  private final EntityManager em;
  private final PaperBroker paper;
  private final OrderBook book;
  private final TradingConfig config;

  BarHandler(EntityManager em, PaperBroker paper, OrderBook book, TradingConfig config) {
    this.em = em;
    this.paper = paper;
    this.book = book;
    this.config = config;
  }

  @Override
  public String stream() {
    return Streams.MD_BARS;
  }

  @Override
  public void handle(EventEnvelope event) {
    if (!event.is(EventType.BAR)) {
      return;
    }
    BarPayload bar = event.payloadAs(EventType.BAR);
    Optional<Duration> length = Timeframes.duration(bar.timeframe());
    if (bar.symbol() == null
        || bar.start() == null
        || bar.close() == null
        || bar.close().signum() <= 0
        || length.isEmpty()) {
      LOG.warnf("ignoring unusable bar event %s", event.id());
      return;
    }
    String symbol = bar.symbol().toUpperCase(Locale.ROOT);
    Instant end = bar.start().plus(length.get());
    Instant asOf = end.isAfter(event.occurredAt()) ? event.occurredAt() : end;
    remember(symbol, bar, asOf);
    if (config.paper().fillTimeframe().equals(bar.timeframe())) {
      fillResting(symbol, bar, end);
    }
  }

  // A newer bar, or a correction (higher revision) of the latest one, replaces the price.
  private void remember(String symbol, BarPayload bar, Instant asOf) {
    em.createNativeQuery(
            "INSERT INTO market_price (symbol, price, timeframe, bar_start, revision, as_of)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (symbol) DO UPDATE SET"
                + " price = EXCLUDED.price, timeframe = EXCLUDED.timeframe,"
                + " bar_start = EXCLUDED.bar_start, revision = EXCLUDED.revision,"
                + " as_of = EXCLUDED.as_of"
                + " WHERE market_price.as_of < EXCLUDED.as_of"
                + " OR (market_price.bar_start = EXCLUDED.bar_start"
                + " AND market_price.timeframe = EXCLUDED.timeframe"
                + " AND market_price.revision < EXCLUDED.revision)")
        .setParameter(1, symbol)
        .setParameter(2, bar.close())
        .setParameter(3, bar.timeframe())
        .setParameter(4, bar.start())
        .setParameter(5, bar.revision())
        .setParameter(6, asOf)
        .executeUpdate();
  }

  private void fillResting(String symbol, BarPayload bar, Instant end) {
    // accounts are locked in user order, the same order every writer uses: no deadlocks
    @SuppressWarnings("unchecked")
    List<UUID> resting =
        em.createNativeQuery(
                "SELECT id FROM orders WHERE symbol = ?1 AND broker = ?2"
                    + " AND status IN ('new', 'partially_filled') AND created_at < ?3"
                    + " ORDER BY user_id, created_at",
                UUID.class)
            .setParameter(1, symbol)
            .setParameter(2, PaperBroker.NAME)
            .setParameter(3, end)
            .getResultList();
    for (UUID id : resting) {
      book.lock(id)
          .ifPresent(
              locked -> {
                Optional<Execution> fill = paper.onBar(locked.order(), bar, end);
                fill.ifPresent(
                    f ->
                        book.applyExecution(
                            locked.order(), f, locked.account(), null, PaperBroker.NAME));
              });
    }
  }
}
