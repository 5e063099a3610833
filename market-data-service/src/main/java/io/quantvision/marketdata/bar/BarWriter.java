package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.marketdata.metrics.MarketDataMetrics;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quantvision.support.stream.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The one way bars get stored, whatever their source: every row is checked ({@link BarRules}, known
 * symbol, one row per key), then the valid ones are upserted and each new or corrected bar is put
 * in the outbox for {@code md.bars.v1}, all in one transaction: a bar is published if and only if
 * it was committed, and an identical replay publishes nothing.
 */
@ApplicationScoped
public class BarWriter {

  /**
   * Rows per upsert statement: large enough to amortise the round trip, small enough for memory.
   */
  static final int STATEMENT_ROWS = 5_000;

  public static final String SOURCE = "market-data-service";

  private final BarRepository bars;
  private final SymbolRepository symbols;
  private final Outbox outbox;
  private final MarketDataMetrics metrics;
  private final Clock clock;

  BarWriter(
      BarRepository bars,
      SymbolRepository symbols,
      Outbox outbox,
      MarketDataMetrics metrics,
      Clock clock) {
    this.bars = bars;
    this.symbols = symbols;
    this.outbox = outbox;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The valid bars of a batch, and every row refused (earlier refusals, e.g. parsing, kept). */
  public record Checked(List<Bar> valid, List<Rejection> rejected, long received) {}

  /**
   * The {@code md.bar} event of a stored bar. Its payload tree is built directly, member by member
   * as {@code BarPayload} is written, rather than by {@code EventEnvelope.create}'s write-then-read
   * round trip: per-bar JSON work is most of what a large batch costs beyond the upsert.
   */
  static EventEnvelope event(Bar bar, Instant occurredAt, String correlationId) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("symbol", bar.symbol());
    payload.put("timeframe", bar.timeframe().label());
    payload.put("start", bar.start().toString());
    payload.put("open", bar.open().toPlainString());
    payload.put("high", bar.high().toPlainString());
    payload.put("low", bar.low().toPlainString());
    payload.put("close", bar.close().toPlainString());
    payload.put("volume", bar.volume());
    if (bar.tradeCount() == null) {
      payload.putNull("trade_count");
    } else {
      payload.put("trade_count", bar.tradeCount().longValue());
    }
    if (bar.vwap() == null) {
      payload.putNull("vwap");
    } else {
      payload.put("vwap", bar.vwap().toPlainString());
    }
    payload.put("revision", bar.revision());
    payload.put("provider", bar.provider());
    return new EventEnvelope(
        UUID.randomUUID(),
        EventType.BAR.name(),
        EventType.BAR.version(),
        occurredAt,
        SOURCE,
        correlationId,
        payload);
  }

  /** Validates candidates; counts each refusal on the metric of {@code provider}. */
  public Checked check(String provider, List<RowOutcome> rows) {
    Instant now = clock.instant();
    List<Rejection> rejected = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (RowOutcome row : rows) {
      switch (row) {
        case Rejection r -> rejected.add(r);
        case Candidate c ->
            BarRules.check(c, now).ifPresentOrElse(rejected::add, () -> candidates.add(c));
      }
    }
    Set<String> tickers = new LinkedHashSet<>();
    candidates.forEach(c -> tickers.add(c.bar().symbol()));
    Set<String> known = symbols.known(tickers);
    Set<Bar.Key> seen = new HashSet<>();
    List<Bar> valid = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      Bar bar = c.bar();
      if (!known.contains(bar.symbol())) {
        rejected.add(
            Rejection.at(
                c, RejectReason.UNKNOWN_SYMBOL, "symbol '" + bar.symbol() + "' is not known"));
      } else if (!seen.add(bar.key())) {
        rejected.add(
            Rejection.at(
                c,
                RejectReason.DUPLICATE_ROW,
                "a row for "
                    + bar.symbol()
                    + " "
                    + bar.timeframe()
                    + " "
                    + bar.start()
                    + " came earlier in this batch"));
      } else {
        valid.add(bar);
      }
    }
    rejected.sort(Comparator.comparing((Rejection r) -> r.line() != null ? r.line() : r.index()));
    rejected.forEach(r -> metrics.countRejected(provider, r.reason()));
    return new Checked(valid, rejected, rows.size());
  }

  /**
   * Stores checked bars (and provider-confirmed quiet intervals) in one transaction with their
   * events; returns the counts. {@code correlationId} travels in the events (job or request id).
   */
  public WriteResult store(
      String provider, Checked checked, List<Bar.Key> quiet, String correlationId) {
    List<Bar> valid = checked.valid();
    List<Bar> changed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  List<Bar> stored = new ArrayList<>();
                  for (int from = 0; from < valid.size(); from += STATEMENT_ROWS) {
                    stored.addAll(
                        bars.upsert(
                            valid.subList(from, Math.min(valid.size(), from + STATEMENT_ROWS))));
                  }
                  Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
                  List<EventEnvelope> events = new ArrayList<>(stored.size());
                  for (Bar bar : stored) {
                    events.add(event(bar, occurredAt, correlationId));
                  }
                  outbox.addAll(events);
                  bars.recordQuiet(quiet, provider);
                  return stored;
                });
    int kinds = Timeframe.values().length;
    long[] inserted = new long[kinds];
    long[] revised = new long[kinds];
    long[] unchanged = new long[kinds];
    valid.forEach(b -> unchanged[b.timeframe().ordinal()]++);
    for (Bar bar : changed) {
      int i = bar.timeframe().ordinal();
      unchanged[i]--;
      if (bar.revision() == 1) {
        inserted[i]++;
      } else {
        revised[i]++;
      }
    }
    for (Timeframe timeframe : Timeframe.values()) {
      int i = timeframe.ordinal();
      metrics.countIngested(provider, timeframe, "inserted", inserted[i]);
      metrics.countIngested(provider, timeframe, "revised", revised[i]);
      metrics.countIngested(provider, timeframe, "unchanged", unchanged[i]);
    }
    return new WriteResult(
        checked.received(),
        java.util.Arrays.stream(inserted).sum(),
        java.util.Arrays.stream(revised).sum(),
        java.util.Arrays.stream(unchanged).sum(),
        checked.rejected());
  }
}
