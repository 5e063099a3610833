package io.quantvision.system;

import static io.restassured.RestAssured.given;

import io.quantvision.testing.jwt.TestTokens;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bars imported through market-data's admin API, as an operator's backfill would arrive. */
final class Bars {

  private Bars() {}

  /**
   * {@code count} one-minute bars ending at the last complete minute, closes from {@code close}.
   */
  static List<Map<String, Object>> minutes(int count, double close, double step) {
    Instant last = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
    List<Map<String, Object>> bars = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double c = close + step * i;
      Map<String, Object> bar = new LinkedHashMap<>();
      bar.put("start", last.minus(count - 1 - i, ChronoUnit.MINUTES).toString());
      bar.put("open", String.format("%.2f", c - step / 2));
      bar.put("high", String.format("%.2f", c + 0.5));
      bar.put("low", String.format("%.2f", c - 0.5 - Math.abs(step)));
      bar.put("close", String.format("%.2f", c));
      bar.put("volume", 100_000);
      bars.add(bar);
    }
    return bars;
  }

  static void importBars(
      String marketDataUrl, String symbol, String timeframe, List<Map<String, Object>> bars) {
    given()
        .baseUri(marketDataUrl)
        .auth()
        .oauth2(TestTokens.admin("system-test-operator"))
        .contentType(ContentType.JSON)
        .body(Map.of("symbol", symbol, "timeframe", timeframe, "bars", bars))
        .post("/api/v1/market/bars")
        .then()
        .statusCode(200);
  }
}
