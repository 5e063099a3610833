package io.quantvision.alert;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quantvision.testing.contract.MetricsContract;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest extends MetricsContract {

  @TestHTTPResource(value = "/metrics", management = true)
  URL prometheus;

  @Test
  void exposesTheAlertMetricsOfTheCatalogue() {
    String fingerprint = Fixtures.newFingerprint();
    var body =
        Fixtures.notification(
            "{}:{alertname=\"MetricsProbe\"}",
            "firing",
            List.of(
                Fixtures.amAlert(
                    "firing",
                    fingerprint,
                    Instant.now(),
                    Fixtures.labels("MetricsProbe", "critical"),
                    "probe")));
    Fixtures.postWebhook(body).statusCode(200);
    Fixtures.postWebhook(body).statusCode(200);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                given()
                    .get(prometheus)
                    .then()
                    .body(containsString("qv_alerts_received_total{"))
                    .body(containsString("source=\"alertmanager\""))
                    .body(containsString("qv_alerts_duplicates_total{"))
                    .body(containsString("qv_alerts_deliveries_total{"))
                    .body(containsString("outcome=\"delivered\""))
                    .body(containsString("qv_alerts_outbox_pending{"))
                    .body(containsString("qv_alerts_active{")));
  }
}
