package io.quantvision.trading;

import static io.quantvision.trading.Fixtures.market;
import static io.quantvision.trading.Fixtures.newSymbol;
import static io.quantvision.trading.Fixtures.newUser;
import static io.quantvision.trading.Fixtures.price;
import static io.quantvision.trading.Fixtures.submit;
import static io.quantvision.trading.Fixtures.trader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import io.quantvision.testing.contract.MetricsContract;
import io.quantvision.trading.metrics.PnlGauges;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest extends MetricsContract {

  @TestHTTPResource(value = "/metrics", management = true)
  URL prometheus;

  @Inject PnlGauges pnl;

  @Test
  void exposesEveryTradingMeterOfTheCatalogueFromStartUp() {
    given()
        .get(prometheus)
        .then()
        .statusCode(200)
        .body(containsString("qv_orders_submitted_total{"))
        .body(containsString("outcome=\"replayed\""))
        .body(containsString("qv_orders_risk_rejections_total{"))
        .body(containsString("reason=\"insufficient_buying_power\""))
        .body(containsString("reason=\"price_band\""))
        .body(containsString("qv_orders_fills_total{broker=\"alpaca\""))
        .body(containsString("qv_orders_failures_total{"))
        .body(containsString("kind=\"unknown_outcome\""))
        .body(containsString("qv_trading_halted{"))
        .body(containsString("qv_trading_state{"))
        .body(containsString("qv_stream_outbox_pending{"))
        .body(containsString("qv_stream_consumer_lag{"))
        .body(containsString("qv_trading_pnl_realized{"))
        .body(containsString("qv_trading_pnl_unrealized{"));
  }

  @Test
  void unrealizedPnlFollowsTheLatestPriceOfOpenPositions() {
    pnl.refresh();
    double before = gauge("qv_trading_pnl_unrealized");
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100");
    // 10 bought at 100.05 (5 bps slippage), then the price moves to 110
    submit(trader(user), market(symbol, "buy", "10")).statusCode(201);
    price(symbol, "110");

    pnl.refresh();

    assertThat(gauge("qv_trading_pnl_unrealized") - before).isCloseTo(99.5, within(1e-6));
  }

  private double gauge(String name) {
    String scrape = given().get(prometheus).then().statusCode(200).extract().asString();
    return scrape
        .lines()
        .filter(line -> line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not on /q/metrics"));
  }
}
