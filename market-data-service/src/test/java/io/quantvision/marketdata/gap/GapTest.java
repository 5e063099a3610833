package io.quantvision.marketdata.gap;

import static io.quantvision.marketdata.Fixtures.asAdmin;
import static io.quantvision.marketdata.Fixtures.asViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.BarWriter;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.provider.ProviderBars;
import io.quantvision.marketdata.provider.SimulatedProvider;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GapTest {

  private static final Instant OPEN = Instant.parse("2024-03-05T14:30:00Z");

  @Inject SymbolRepository symbols;
  @Inject SimulatedProvider simulated;
  @Inject BarWriter writer;
  @Inject BarRepository bars;
  @Inject GapScan scan;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void reportsMissingMinutesWithinRegularHoursAsRuns() {
    String symbol = Fixtures.newSymbol(symbols, false);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int minute = 0; minute < 30; minute++) {
      if (minute == 7 || minute == 20 || minute == 21 || minute == 22) {
        continue; // the holes
      }
      rows.add(
          Map.of(
              "start",
              OPEN.plusSeconds(60L * minute).toString(),
              "open",
              "10",
              "high",
              "10",
              "low",
              "10",
              "close",
              "10",
              "volume",
              5));
    }
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("symbol", symbol, "timeframe", "1Min", "bars", rows))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(200);

    asViewer()
        .queryParam("timeframe", "1Min")
        .queryParam("from", "2024-03-05T14:30:00Z")
        .queryParam("to", "2024-03-05T15:00:00Z")
        .get("/api/v1/market/gaps/{symbol}", symbol)
        .then()
        .statusCode(200)
        .body("expected", is(30))
        .body("missing", is(4))
        .body("gaps", hasSize(2))
        .body("gaps[0].start", is("2024-03-05T14:37:00Z"))
        .body("gaps[0].bars", is(1))
        .body("gaps[1].start", is("2024-03-05T14:50:00Z"))
        .body("gaps[1].end", is("2024-03-05T14:53:00Z"))
        .body("gaps[1].bars", is(3));
  }

  @Test
  void doesNotCountTheQuietMinutesOfAThinSymbolAsGaps() {
    String ticker = Fixtures.newSymbol(symbols, true);
    Symbol thin = symbols.find(ticker).orElseThrow();
    Instant close = Instant.parse("2024-03-05T21:00:00Z");
    ProviderBars answer = simulated.bars(List.of(thin), Timeframe.MIN_1, OPEN, close);
    assertThat(answer.quiet()).as("a thin symbol has minutes without trades").isNotEmpty();

    writer.store("simulated", writer.check("simulated", answer.rows()), answer.quiet(), "test");

    assertThat(bars.range(ticker, Timeframe.MIN_1, OPEN, close, 1000))
        .hasSizeLessThan(390)
        .hasSize(390 - answer.quiet().size());
    asViewer()
        .queryParam("from", "2024-03-05T14:30:00Z")
        .queryParam("to", "2024-03-05T21:00:00Z")
        .get("/api/v1/market/gaps/{symbol}", ticker)
        .then()
        .statusCode(200)
        .body("expected", is(390))
        .body("missing", is(0));
  }

  @Test
  void theGapGaugeCountsHolesBetweenTheFirstAndLastBar() {
    String symbol = Fixtures.newSymbol(symbols, false);
    Instant recentOpen =
        io.quantvision.marketdata.market.MarketCalendar.latestSession(
                Instant.now().minus(java.time.Duration.ofDays(1)))
            .orElseThrow()
            .open();
    List<Bar> two = new ArrayList<>();
    for (int minute : new int[] {0, 5}) {
      two.add(
          new Bar(
              symbol,
              Timeframe.MIN_1,
              recentOpen.plusSeconds(60L * minute),
              new java.math.BigDecimal("10"),
              new java.math.BigDecimal("10"),
              new java.math.BigDecimal("10"),
              new java.math.BigDecimal("10"),
              1,
              null,
              null,
              0,
              "import"));
    }
    long before = scan.scan();
    writer.store(
        "import",
        writer.check(
            "import",
            two.stream()
                .map(
                    b ->
                        (io.quantvision.marketdata.bar.RowOutcome)
                            io.quantvision.marketdata.bar.Candidate.atIndex(0, b))
                .toList()),
        List.of(),
        "test");

    assertThat(scan.scan()).isEqualTo(before + 4);
  }
}
