package io.quantvision.marketdata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.BarRepository.Series;
import io.quantvision.marketdata.bar.BarWriter;
import io.quantvision.marketdata.bar.Candidate;
import io.quantvision.marketdata.bar.RowOutcome;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.bar.WriteResult;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
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
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Batched ingest (the production path: checks, writes, publication rows, one transaction) against
 * raw {@code COPY} of the same number of rows into the same table, in one run, alternating, median
 * of several rounds. Not part of the test suite (its name does not end in Test): run it through
 * benchmarks/market-data/run.sh, or with -Dtest=BarIngestBenchmark. The outbox relay is off, so the
 * benchmark's bars never reach the shared stream; its publication rows are deleted afterwards.
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
                + "batched ingest, new bars (+ publication):    %,10.0f rows/s (%.3f s)%n"
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

  /** Where the time of one new-bar batch goes, phase by phase (in one transaction). */
  private String breakdown() throws SQLException {
    List<Bar> rows = rows("BU", ROWS);
    long[] t = new long[5];
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              Map<Series, List<Bar>> bySeries = new TreeMap<>();
              rows.forEach(
                  b ->
                      bySeries
                          .computeIfAbsent(
                              new Series(b.symbol(), b.timeframe()), k -> new ArrayList<>())
                          .add(b.withRevision(1)));
              t[0] = System.nanoTime();
              barRepository.lockSeries(bySeries.keySet());
              bySeries.forEach(
                  (series, bars) ->
                      barRepository.stored(series, bars.stream().map(Bar::start).toList()));
              t[1] = System.nanoTime();
              barRepository.insertNew(rows.stream().map(b -> b.withRevision(1)).toList());
              t[2] = System.nanoTime();
              bySeries.forEach(
                  (series, bars) -> barRepository.addPublication(series, bars, "bench"));
              t[3] = System.nanoTime();
            });
    t[4] = System.nanoTime();
    cleanUp();
    return String.format(
        "breakdown of one new-bar batch: lock + read stored keys %.3f s, COPY new bars %.3f s,"
            + " publication rows %.3f s, commit %.3f s%n",
        (t[1] - t[0]) / 1e9, (t[2] - t[1]) / 1e9, (t[3] - t[2]) / 1e9, (t[4] - t[3]) / 1e9);
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
      s.execute("DELETE FROM bar_publication WHERE correlation_id = 'bench'");
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
