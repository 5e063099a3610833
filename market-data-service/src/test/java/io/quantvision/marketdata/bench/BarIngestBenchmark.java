package io.quantvision.marketdata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.BarWriter;
import io.quantvision.marketdata.bar.Candidate;
import io.quantvision.marketdata.bar.RowOutcome;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.bar.WriteResult;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quantvision.support.stream.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Batched ingest (the production path: checks, upsert, outbox events, one transaction) against raw
 * {@code COPY} of the same number of rows into the same table, in one run, alternating, median of
 * several rounds. Not part of the test suite (its name does not end in Test): run it through
 * benchmarks/market-data/run.sh, or with -Dtest=BarIngestBenchmark. The outbox relay is off, so the
 * benchmark's events never reach the shared stream; its rows are deleted afterwards.
 */
@QuarkusTest
@TestProfile(BarIngestBenchmark.RelayOff.class)
class BarIngestBenchmark {

  public static class RelayOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("qv.streams.outbox-relay-enabled", "false");
    }
  }

  private static final int ROWS = Integer.getInteger("bench.rows", 100_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int SYMBOLS = 20;
  private static final Instant FIRST = Instant.parse("2015-01-05T14:30:00Z");

  @Inject BarWriter writer;
  @Inject SymbolRepository symbols;
  @Inject AgroalDataSource dataSource;
  @Inject BarRepository barRepository;
  @Inject Outbox outbox;

  @Test
  void batchedUpsertAgainstCopy() throws Exception {
    for (int s = 0; s < SYMBOLS; s++) {
      symbols.ensure(new Symbol(ticker("BU", s), "bench", null, "us_equity", false, false));
    }
    cleanUp();
    // warm-up: JIT, connection pool, plans
    copy(rows("BC", ROWS / 10));
    upsert(rows("BU", ROWS / 10));
    cleanUp();

    double[] copySeconds = new double[ROUNDS];
    double[] upsertSeconds = new double[ROUNDS];
    double[] replaySeconds = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      List<Bar> copyRows = rows("BC", ROWS);
      List<Bar> upsertRows = rows("BU", ROWS);
      long t0 = System.nanoTime();
      copy(copyRows);
      copySeconds[round] = (System.nanoTime() - t0) / 1e9;

      long t1 = System.nanoTime();
      WriteResult result = upsert(upsertRows);
      upsertSeconds[round] = (System.nanoTime() - t1) / 1e9;
      assertThat(result.inserted()).isEqualTo(ROWS);

      long t2 = System.nanoTime();
      WriteResult replay = upsert(upsertRows);
      replaySeconds[round] = (System.nanoTime() - t2) / 1e9;
      assertThat(replay.unchanged()).isEqualTo(ROWS);
      cleanUp();
    }
    String breakdown = breakdown();
    double copyRate = ROWS / median(copySeconds);
    double upsertRate = ROWS / median(upsertSeconds);
    double replayRate = ROWS / median(replaySeconds);
    String report =
        String.format(
            "rows per batch: %d, rounds: %d (median)%n"
                + "raw COPY into bar:                         %,10.0f rows/s (%.3f s)%n"
                + "batched ingest, new bars (+ outbox events): %,10.0f rows/s (%.3f s)%n"
                + "batched ingest, identical replay:           %,10.0f rows/s (%.3f s)%n"
                + "ratio new bars / COPY: %.2f (target >= 0.50)%n"
                + "%s",
            ROWS,
            ROUNDS,
            copyRate,
            median(copySeconds),
            upsertRate,
            median(upsertSeconds),
            replayRate,
            median(replaySeconds),
            upsertRate / copyRate,
            breakdown);
    System.out.println(report);
    Path out = Path.of("target", "bench-ingest.txt");
    Files.writeString(out, report);
  }

  /** Where the time of one new-bar batch goes, phase by phase (each phase committed alone). */
  private String breakdown() throws SQLException {
    List<Bar> rows = rows("BU", ROWS);
    long t0 = System.nanoTime();
    List<Bar> stored = QuarkusTransaction.requiringNew().call(() -> upsertOnly(rows));
    long t1 = System.nanoTime();
    List<EventEnvelope> events = new ArrayList<>(stored.size());
    for (Bar bar : stored) {
      events.add(EventEnvelope.create(EventType.BAR, "bench", "bench", bar.toPayload()));
    }
    long t2 = System.nanoTime();
    QuarkusTransaction.requiringNew().run(() -> outbox.addAll(events));
    long t3 = System.nanoTime();
    cleanUp();
    return String.format(
        "breakdown of one new-bar batch: upsert %.3f s, build %d envelopes %.3f s,"
            + " outbox insert %.3f s%n",
        (t1 - t0) / 1e9, events.size(), (t2 - t1) / 1e9, (t3 - t2) / 1e9);
  }

  private List<Bar> upsertOnly(List<Bar> rows) {
    List<Bar> stored = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += 5_000) {
      stored.addAll(barRepository.upsert(rows.subList(from, Math.min(rows.size(), from + 5_000))));
    }
    return stored;
  }

  private WriteResult upsert(List<Bar> bars) {
    List<RowOutcome> rows = new ArrayList<>(bars.size());
    for (int i = 0; i < bars.size(); i++) {
      rows.add(Candidate.atIndex(i, bars.get(i)));
    }
    return writer.store("import", writer.check("import", rows), List.of(), "bench");
  }

  private void copy(List<Bar> bars) throws SQLException, IOException {
    StringBuilder csv = new StringBuilder(bars.size() * 100);
    for (Bar b : bars) {
      csv.append(b.symbol())
          .append(",1Min,")
          .append(b.start())
          .append(',')
          .append(b.open().toPlainString())
          .append(',')
          .append(b.high().toPlainString())
          .append(',')
          .append(b.low().toPlainString())
          .append(',')
          .append(b.close().toPlainString())
          .append(',')
          .append(b.volume())
          .append(',')
          .append(b.tradeCount())
          .append(',')
          .append(b.vwap().toPlainString())
          .append(",import\n");
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY bar (symbol, timeframe, start, open, high, low, close, volume, trade_count,"
                  + " vwap, provider) FROM STDIN (FORMAT csv)",
              new StringReader(csv.toString()));
      c.commit();
    }
  }

  private void cleanUp() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      StringBuilder tickers = new StringBuilder();
      for (int i = 0; i < SYMBOLS; i++) {
        tickers
            .append(i == 0 ? "'" : ",'")
            .append(ticker("BC", i))
            .append("','")
            .append(ticker("BU", i))
            .append('\'');
      }
      s.execute("DELETE FROM bar WHERE symbol IN (" + tickers + ")");
      s.execute("DELETE FROM outbox_event WHERE envelope LIKE '%\"correlation_id\":\"bench\"%'");
      s.execute("VACUUM ANALYZE bar");
    }
  }

  private static List<Bar> rows(String prefix, int count) {
    List<Bar> bars = new ArrayList<>(count);
    int perSymbol = count / SYMBOLS;
    for (int s = 0; s < SYMBOLS; s++) {
      String symbol = ticker(prefix, s);
      for (int i = 0; i < perSymbol; i++) {
        BigDecimal base = BigDecimal.valueOf(10_000 + (i % 500), 2);
        bars.add(
            new Bar(
                symbol,
                Timeframe.MIN_1,
                FIRST.plusSeconds(60L * i),
                base,
                base.add(BigDecimal.ONE),
                base.subtract(BigDecimal.ONE),
                base.add(new BigDecimal("0.25")),
                1_000 + i,
                10L + i % 7,
                base.add(new BigDecimal("0.10")),
                0,
                "import"));
      }
    }
    return bars;
  }

  private static String ticker(String prefix, int s) {
    return prefix + String.format("%02d", s);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
