package io.quantvision.marketdata;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Every series docs/metrics.md promises for market-data-service exists on /q/metrics from the
 * start, before any bar or quote arrives (alert rules are checked against a fresh instance).
 */
@QuarkusTest
class MetricCatalogueTest {

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @Test
  void exposesEveryCataloguedSeries() {
    String body = given().get(metrics).then().statusCode(200).extract().asString();

    assertThat(body)
        .contains(
            "qv_marketdata_bars_ingested_total{environment=",
            "outcome=\"inserted\",provider=\"simulated\"",
            "outcome=\"revised\",provider=\"alpaca\"",
            "qv_marketdata_bars_rejected_total{",
            "reason=\"high_below_low\"",
            "qv_marketdata_ingest_lag_seconds{",
            "timeframe=\"1Min\"",
            "timeframe=\"1Day\"",
            "qv_marketdata_gaps{",
            "qv_marketdata_provider_errors_total{",
            "kind=\"rate_limited\"",
            "qv_marketdata_quotes_stale{",
            "qv_stream_events_published_total{",
            "stream=\"md.bars.v1\"",
            "qv_stream_length{",
            "qv_stream_outbox_pending{",
            "qv_marketdata_bar_publications_pending{",
            "qv_marketdata_provider_circuit_open{",
            "breaker=\"alpaca-bars\"");
  }
}
