package io.quantvision.analysis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.testing.contract.MetricsContract;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest extends MetricsContract {

  @TestHTTPResource(value = "/metrics", management = true)
  URL prometheus;

  @Test
  void exposesEveryAnalysisMeterWithEveryTagValueFromStartUp() {
    String scrape = given().get(prometheus).then().statusCode(200).extract().asString();

    for (String action : List.of("buy", "sell", "hold")) {
      assertThat(scrape)
          .containsPattern("qv_analysis_signals_generated_total\\{[^}]*action=\"" + action + "\"");
    }
    for (String source : List.of("llm", "fallback", "cache")) {
      assertThat(scrape)
          .containsPattern("qv_analysis_reports_total\\{[^}]*source=\"" + source + "\"");
    }
    for (String outcome : List.of("success", "invalid", "timeout", "error", "budget")) {
      assertThat(scrape)
          .containsPattern("qv_analysis_llm_calls_seconds_count\\{[^}]*outcome=\"" + outcome + "\"")
          .containsPattern(
              "qv_analysis_llm_calls_seconds_bucket\\{[^}]*outcome=\"" + outcome + "\"");
    }
    for (String outcome : List.of("appended", "recomputed", "ignored")) {
      assertThat(scrape)
          .containsPattern("qv_analysis_bars_total\\{[^}]*outcome=\"" + outcome + "\"");
    }
    for (String outcome : List.of("processed", "duplicate", "invalid", "failed", "dead_lettered")) {
      assertThat(scrape)
          .containsPattern(
              "qv_stream_events_consumed_total\\{[^}]*outcome=\""
                  + outcome
                  + "\"[^}]*stream=\"md.bars.v1\"");
    }
    assertThat(scrape)
        .containsPattern("qv_stream_events_published_total\\{[^}]*stream=\"analysis.signals.v1\"")
        .containsPattern("qv_stream_consumer_lag\\{[^}]*stream=\"md.bars.v1\"")
        .containsPattern("qv_stream_consumer_pending\\{[^}]*stream=\"md.bars.v1\"")
        .containsPattern("qv_stream_length\\{[^}]*stream=\"md.bars.v1\"")
        .contains("qv_stream_outbox_pending");
  }
}
