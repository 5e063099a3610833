package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.marketdata.bar.BarRepository.Series;
import io.quantvision.marketdata.metrics.MarketDataMetrics;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one way bars get stored, whatever their source: every row is checked ({@link BarRules}, known
 * symbol, one row per key), then the valid ones are stored and each new or corrected bar recorded
 * for publication on {@code md.bars.v1}, all in one transaction: a bar is published if and only if
 * it was committed ({@link BarPublisher}), and an identical replay publishes nothing.
 */
@ApplicationScoped
public class BarWriter {

  public static final String SOURCE = "market-data-service";

  private final BarRepository bars;
  private final SymbolRepository symbols;
  private final BarPublisher publisher;
  private final MarketDataMetrics metrics;
  private final Clock clock;

  BarWriter(
      BarRepository bars,
      SymbolRepository symbols,
      BarPublisher publisher,
      MarketDataMetrics metrics,
      Clock clock) {
    this.bars = bars;
    this.symbols = symbols;
    this.publisher = publisher;
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
  static EventEnvelope event(Bar bar, UUID id, Instant occurredAt, String correlationId) {
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
        id,
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
   * Stores checked bars (and provider-confirmed quiet intervals) in one transaction with the record
   * of what to publish; returns the counts. {@code correlationId} travels in the events (job or
   * request id).
   *
   * <p>Per series (symbol and timeframe), under the series' lock: read what is stored among the
   * batch's keys, then COPY the new bars, UPDATE the corrected ones (revision + 1), leave identical
   * ones alone, and list the new and corrected ones in one {@code bar_publication} row. An upsert
   * statement ({@code INSERT ... ON CONFLICT DO UPDATE}) did the same at 0.4 of COPY's speed; this
   * path inserts new bars at COPY's own (benchmarks/market-data/RESULTS.md).
   */
  public WriteResult store(
      String provider, Checked checked, List<Bar.Key> quiet, String correlationId) {
    List<Bar> valid = checked.valid();
    Map<Series, List<Bar>> bySeries = new TreeMap<>();
    for (Bar bar : valid) {
      bySeries
          .computeIfAbsent(new Series(bar.symbol(), bar.timeframe()), s -> new ArrayList<>())
          .add(bar);
    }
    List<Bar> changed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  bars.lockSeries(bySeries.keySet());
                  List<Bar> fresh = new ArrayList<>();
                  List<Bar> corrected = new ArrayList<>();
                  Map<Series, List<Bar>> toPublish = new TreeMap<>();
                  for (Map.Entry<Series, List<Bar>> entry : bySeries.entrySet()) {
                    List<Bar> series = entry.getValue();
                    series.sort(Comparator.comparing(Bar::start));
                    Map<Instant, Bar> stored =
                        bars.stored(entry.getKey(), series.stream().map(Bar::start).toList());
                    List<Bar> published = new ArrayList<>();
                    for (Bar bar : series) {
                      Bar old = stored.get(bar.start());
                      if (old == null) {
                        Bar inserted = bar.withRevision(1);
                        fresh.add(inserted);
                        published.add(inserted);
                      } else if (!old.sameValuesAs(bar)) {
                        Bar revised = bar.withRevision(old.revision() + 1);
                        corrected.add(revised);
                        published.add(revised);
                      }
                    }
                    toPublish.put(entry.getKey(), published);
                  }
                  bars.insertNew(fresh);
                  bars.revise(corrected);
                  toPublish.forEach(
                      (series, list) -> bars.addPublication(series, list, correlationId));
                  bars.recordQuiet(quiet, provider);
                  List<Bar> all = new ArrayList<>(fresh);
                  all.addAll(corrected);
                  return all;
                });
    if (!changed.isEmpty()) {
      publisher.wakeUp();
    }
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
