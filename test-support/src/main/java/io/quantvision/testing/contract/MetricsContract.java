package io.quantvision.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every service promises about its metrics (docs/metrics.md): Prometheus text on the
 * management port, the common {@code service} tag, JVM and connection-pool gauges. (HTTP latency
 * histograms are proven once, in service-support's SharedRuntimeTest.)
 */
public abstract class MetricsContract {

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @TestHTTPResource(value = "/health/live", management = true)
  URL live;

  @Test
  void exposesPrometheusMetricsTaggedWithTheService() {
    String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
    given().get(live).then().statusCode(200);
    given()
        .get(metrics)
        .then()
        .statusCode(200)
        .body(containsString("service=\"" + service + "\""))
        .body(containsString("agroal_active_count"))
        .body(containsString("jvm_memory_used_bytes"));
  }
}
