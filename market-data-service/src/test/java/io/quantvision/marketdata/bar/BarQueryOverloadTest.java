package io.quantvision.marketdata.bar;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * More bar queries than the service reads at once: the excess is refused quickly with 503,
 * problem+json and Retry-After (one slot and no wait in this profile), the rest answered in full.
 */
@QuarkusTest
@TestProfile(BarQueryOverloadTest.OneSlot.class)
class BarQueryOverloadTest {

  public static class OneSlot implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // the relay is off: its 10,000 bars stay off the shared md.bars.v1
      return Map.of(
          "market-data.bars.max-concurrent-queries", "1",
          "market-data.bars.query-queue-wait", "0s",
          "qv.streams.outbox-relay-enabled", "false");
    }
  }

  private static final Instant FIRST = Instant.parse("2024-03-04T14:30:00Z");
  private static final int BARS = 10_000;
  private static final int PARALLEL = 16;

  @Inject BarWriter writer;
  @Inject SymbolRepository symbols;
  @Inject AgroalDataSource db;

  @Test
  void queriesBeyondTheConcurrencyLimitGet503WithRetryAfterAndTheOthersTheirPage()
      throws Exception {
    String symbol = Fixtures.newSymbol(symbols, false);
    List<RowOutcome> rows = new ArrayList<>(BARS);
    for (int i = 0; i < BARS; i++) {
      BigDecimal p = BigDecimal.valueOf(10_000 + i % 300, 2);
      rows.add(
          Candidate.atIndex(
              i,
              new Bar(
                  symbol,
                  Timeframe.MIN_1,
                  FIRST.plus(Duration.ofMinutes(i)),
                  p,
                  p.add(BigDecimal.ONE),
                  p.subtract(BigDecimal.ONE),
                  p,
                  100,
                  5L,
                  p,
                  0,
                  "import")));
    }
    writer.store("import", writer.check("import", rows), List.of(), "overload");
    try (Connection c = db.getConnection();
        Statement delete = c.createStatement()) {
      delete.execute("DELETE FROM bar_publication WHERE correlation_id = 'overload'");
    }

    List<Response> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      for (int round = 0;
          round < 5 && answers.stream().noneMatch(r -> r.statusCode() == 503);
          round++) {
        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
          calls.add(CompletableFuture.supplyAsync(() -> query(symbol), pool));
        }
        for (CompletableFuture<Response> call : calls) {
          answers.add(call.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(answers).extracting(Response::statusCode).containsOnly(200, 503).contains(200, 503);
    for (Response answer : answers) {
      if (answer.statusCode() == 503) {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertThat(answer.jsonPath().getInt("status")).isEqualTo(503);
      } else {
        assertThat(answer.jsonPath().getList("items")).hasSize(BARS);
      }
    }
  }

  private static Response query(String symbol) {
    return Fixtures.asViewer()
        .queryParam("timeframe", "1Min")
        .queryParam("from", FIRST.toString())
        .queryParam("to", FIRST.plus(Duration.ofDays(30)).toString())
        .queryParam("limit", BARS)
        .get("/api/v1/market/bars/{symbol}", symbol)
        .andReturn();
  }
}
