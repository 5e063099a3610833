package io.quantvision.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.common.json.Json;
import io.quantvision.gateway.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestLogTest {

  @Test
  void oneJsonLinePerRequestWithoutSecrets() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(RequestLog.CATEGORY);
    logger.addHandler(capture);
    try {
      String user = Fixtures.newUser();
      String token = Fixtures.tokenFor(user);
      String requestId = "req-log-" + user.substring(2, 14);
      given()
          .auth()
          .oauth2(token)
          .header("X-Request-Id", requestId)
          .header("Cookie", "session=cookie-secret")
          .header("X-API-Key", "qv_key_secret")
          .when()
          .get("/api/v1/market/symbols?api_key=query-secret&password=hunter2")
          .then()
          .statusCode(200);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines.stream().anyMatch(l -> l.contains(requestId)));
      String line = lines.stream().filter(l -> l.contains(requestId)).findFirst().orElseThrow();
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = Json.mapper().readValue(line, Map.class);
      assertThat(fields)
          .containsEntry("request_id", requestId)
          .containsEntry("principal", "user:" + user)
          .containsEntry("method", "GET")
          .containsEntry("path", "/api/v1/market/symbols")
          .containsEntry("status", 200)
          .containsKeys("latency_ms", "bytes_in", "bytes_out");
      assertThat(line)
          .doesNotContain(token)
          .doesNotContain("Bearer")
          .doesNotContain("cookie-secret")
          .doesNotContain("qv_key_secret")
          .doesNotContain("query-secret")
          .doesNotContain("hunter2");
    } finally {
      logger.removeHandler(capture);
    }
  }
}
