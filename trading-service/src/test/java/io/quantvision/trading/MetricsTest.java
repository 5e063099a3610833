package io.quantvision.trading;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quantvision.testing.contract.MetricsContract;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest extends MetricsContract {

  @TestHTTPResource(value = "/metrics", management = true)
  URL prometheus;

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
        .body(containsString("qv_stream_consumer_lag{"));
  }
}
