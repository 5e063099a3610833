package io.quantvision.marketdata.bar;

import static io.quantvision.marketdata.Fixtures.asViewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.json.Json;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON page is written from PostgreSQL's bytes ({@link BarPageJson}), not by the mapper: it
 * must stay byte-equal to what the mapper writes for the same bars as a {@link
 * BarResource.BarPage}, for every kind of value a stored bar can hold.
 */
@QuarkusTest
class BarPageJsonTest {

  private static final Instant OPEN = Instant.parse("2024-03-05T14:30:00Z");

  @Inject SymbolRepository symbols;
  @Inject BarRepository bars;
  @Inject AgroalDataSource db;

  private String symbol;

  /**
   * Rows written with SQL so that they hold what the writer would not produce on its own: a
   * provider name JSON must escape, a start that is not on a whole second, a price with trailing
   * zeros, nulls, a volume beyond int.
   */
  @BeforeEach
  void storeBarsOfEveryShape() throws Exception {
    symbol = Fixtures.newSymbol(symbols, false);
    try (Connection c = db.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO bar (symbol, timeframe, start, open, high, low, close, volume,"
                    + " trade_count, vwap, revision, provider)"
                    + " VALUES (?, '1Min', ?, ?::numeric, ?::numeric, ?::numeric, ?::numeric, ?,"
                    + " ?, ?::numeric, ?, ?)")) {
      Object[][] rows = {
        {OPEN, "170.10", "171", "169.5", "170.2500", 12_345L, 321L, "170.1234", 1, "alpaca"},
        {OPEN.plusSeconds(60), "0.0001", "0.0002", "0.0001", "0.0002", 0L, null, null, 3, "csv"},
        {
          OPEN.plusSeconds(120).plusMillis(250),
          "1234567890.123456789",
          "1234567890.123456789",
          "1234567890.1",
          "1234567890.12",
          9_000_000_000L,
          7L,
          "1234567890.12",
          2,
          "imp\"ort \\ ü\n"
        },
        {OPEN.plusSeconds(180), "10", "10", "10", "10", 1L, 1L, "10", 1, "alpaca"},
      };
      for (Object[] row : rows) {
        insert.setString(1, symbol);
        insert.setTimestamp(2, Timestamp.from((Instant) row[0]));
        for (int i = 1; i <= 4; i++) {
          insert.setString(i + 2, (String) row[i]);
        }
        insert.setLong(7, (Long) row[5]);
        insert.setObject(8, row[6]);
        insert.setString(9, (String) row[7]);
        insert.setInt(10, (Integer) row[8]);
        insert.setString(11, (String) row[9]);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Test
  void aRangePageIsWhatTheMapperWritesWithItsToken() throws Exception {
    String body =
        asViewer()
            .accept("application/json")
            .queryParam("timeframe", "1Min")
            .queryParam("from", OPEN.toString())
            .queryParam("to", OPEN.plusSeconds(3600).toString())
            .queryParam("limit", 3)
            .get("/api/v1/market/bars/{symbol}", symbol)
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .asString();

    List<Bar> page = bars.range(symbol, Timeframe.MIN_1, OPEN, OPEN.plusSeconds(3600), 3);
    String token = BarQuery.encodeToken(page.get(2).start());
    assertThat(body)
        .isEqualTo(
            Json.mapper().writeValueAsString(new BarResource.BarPage(symbol, "1Min", page, token)))
        .contains("\"start\":\"2024-03-05T14:32:00.250Z\"", "\\\"ort \\\\ ü\\n\"");
  }

  @Test
  void theNewestBarsAreWhatTheMapperWritesWithoutAToken() throws Exception {
    String body =
        asViewer()
            .queryParam("timeframe", "1Min")
            .queryParam("to", OPEN.plusSeconds(3600).toString())
            .queryParam("limit", 10)
            .get("/api/v1/market/bars/{symbol}", symbol)
            .then()
            .statusCode(200)
            .extract()
            .asString();

    List<Bar> all = bars.tail(symbol, Timeframe.MIN_1, OPEN.plusSeconds(3600), 10);
    assertThat(all).hasSize(4);
    assertThat(body)
        .isEqualTo(
            Json.mapper().writeValueAsString(new BarResource.BarPage(symbol, "1Min", all, null)));
  }

  @Test
  void anEmptyPageOfAKnownSymbolIsAnEmptyList() throws Exception {
    String body =
        asViewer()
            .queryParam("timeframe", "1Day")
            .get("/api/v1/market/bars/{symbol}", symbol)
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(body)
        .isEqualTo(
            Json.mapper()
                .writeValueAsString(new BarResource.BarPage(symbol, "1Day", List.of(), null)));
  }
}
