package io.quantvision.marketdata.bar;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write path below the API: new bars by COPY, corrections by UPDATE, under per-series locks;
 * what concurrent writers and sparse batches do to it.
 */
@QuarkusTest
@TestProfile(BarPublisherTest.ManualRelay.class)
class BarWriterTest {

  private static final Instant MONDAY_0930 = Instant.parse("2024-03-04T14:30:00Z");

  @Inject BarWriter writer;
  @Inject BarRepository bars;
  @Inject SymbolRepository symbols;
  @Inject AgroalDataSource db;

  /** This class's bars stay off the shared md.bars.v1 (other modules' tests consume it). */
  @AfterEach
  void forgetThePublications() throws Exception {
    try (Connection c = db.getConnection();
        Statement delete = c.createStatement()) {
      delete.execute("DELETE FROM bar_publication WHERE correlation_id IN ('t', 'concurrent')");
    }
  }

  @Test
  void twoWritersStoringOverlappingBatchesOfOneSeriesAtOnceEachStoreEveryBarOnce()
      throws Exception {
    String symbol = Fixtures.newSymbol(symbols, false);
    // A: minutes 0..1499 at price 100; B: minutes 1000..2499 at price 200. 500 minutes overlap.
    List<RowOutcome> a = minutes(symbol, 0, 1_500, "100");
    List<RowOutcome> b = minutes(symbol, 1_000, 1_500, "200");
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<WriteResult> storeA = () -> store(go, a);
      Callable<WriteResult> storeB = () -> store(go, b);
      Future<WriteResult> first = pool.submit(storeA);
      Future<WriteResult> second = pool.submit(storeB);
      go.countDown();
      WriteResult ra = first.get();
      WriteResult rb = second.get();

      // whichever went first inserted the overlap; the other revised it (prices differ)
      assertThat(ra.inserted() + rb.inserted()).isEqualTo(2_500);
      assertThat(ra.revised() + rb.revised()).isEqualTo(500);
      assertThat(ra.rejected()).isEmpty();
      assertThat(rb.rejected()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
    List<Bar> stored =
        bars.range(
            symbol, Timeframe.MIN_1, MONDAY_0930, Instant.parse("2030-01-01T00:00:00Z"), 10_000);
    assertThat(stored).hasSize(2_500);
    Map<Integer, Long> byRevision =
        stored.stream().collect(Collectors.groupingBy(Bar::revision, Collectors.counting()));
    assertThat(byRevision).containsExactlyInAnyOrderEntriesOf(Map.of(1, 2_000L, 2, 500L));

    // one publication entry per insert and per revision; each bar's last one is its revision
    List<int[]> listed = new ArrayList<>();
    Map<Instant, Integer> lastListed = new java.util.HashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT u.s, u.r FROM bar_publication p, unnest(p.starts, p.revisions) AS u(s, r)"
                    + " WHERE p.symbol = ? ORDER BY p.id")) {
      select.setString(1, symbol);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          lastListed.put(rs.getTimestamp(1).toInstant(), rs.getInt(2));
          listed.add(new int[] {rs.getInt(2)});
        }
      }
    }
    assertThat(listed).hasSize(3_000);
    for (Bar bar : stored) {
      assertThat(lastListed.get(bar.start())).isEqualTo(bar.revision());
    }
  }

  @Test
  void aSparseBatchIsComparedKeyByKeyAndItsReplayChangesNothing() {
    String symbol = Fixtures.newSymbol(symbols, false);
    // three minutes weeks apart: far more intervals between them than bars in the batch
    List<RowOutcome> rows = new ArrayList<>();
    rows.add(Candidate.atIndex(0, TestBars.minute(symbol, MONDAY_0930, "100")));
    rows.add(
        Candidate.atIndex(
            1, TestBars.minute(symbol, MONDAY_0930.plus(Duration.ofDays(21)), "101")));
    rows.add(
        Candidate.atIndex(
            2, TestBars.minute(symbol, MONDAY_0930.plus(Duration.ofDays(63)), "102")));

    WriteResult first = writer.store("import", writer.check("import", rows), List.of(), "t");
    WriteResult replay = writer.store("import", writer.check("import", rows), List.of(), "t");
    rows.set(
        1,
        Candidate.atIndex(
            1, TestBars.minute(symbol, MONDAY_0930.plus(Duration.ofDays(21)), "105")));
    WriteResult corrected = writer.store("import", writer.check("import", rows), List.of(), "t");

    assertThat(first.inserted()).isEqualTo(3);
    assertThat(replay.unchanged()).isEqualTo(3);
    assertThat(replay.inserted() + replay.revised()).isZero();
    assertThat(corrected.revised()).isEqualTo(1);
    assertThat(corrected.unchanged()).isEqualTo(2);
    assertThat(
            bars.range(
                symbol, Timeframe.MIN_1, MONDAY_0930, Instant.parse("2030-01-01T00:00:00Z"), 10))
        .extracting(Bar::revision)
        .containsExactly(1, 2, 1);
  }

  @Test
  void pricesThatDifferOnlyInTrailingZerosAreTheSameBar() {
    String symbol = Fixtures.newSymbol(symbols, false);
    List<RowOutcome> rows =
        List.of(Candidate.atIndex(0, TestBars.minute(symbol, MONDAY_0930, "100.5")));
    writer.store("import", writer.check("import", rows), List.of(), "t");

    List<RowOutcome> padded =
        List.of(Candidate.atIndex(0, TestBars.minute(symbol, MONDAY_0930, "100.500")));
    WriteResult again = writer.store("import", writer.check("import", padded), List.of(), "t");

    assertThat(again.unchanged()).isEqualTo(1);
    assertThat(again.revised()).isZero();
  }

  private WriteResult store(CountDownLatch go, List<RowOutcome> rows) throws Exception {
    go.await();
    return writer.store("import", writer.check("import", rows), List.of(), "concurrent");
  }

  private static List<RowOutcome> minutes(String symbol, int first, int count, String price) {
    List<RowOutcome> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant start = MONDAY_0930.plus(Duration.ofMinutes(first + i));
      rows.add(Candidate.atIndex(i, TestBars.minute(symbol, start, price)));
    }
    return rows;
  }
}
