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
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Text console logs (the test default): the request log's message is the fields as JSON. */
@QuarkusTest
class RequestLogTest {

  /** Secrets {@link #sendWithSecrets} puts in headers and the query string. */
  static final List<String> SECRETS =
      List.of("Bearer", "cookie-secret", "qv_key_secret", "query-secret", "hunter2");

  @Test
  void oneJsonLinePerRequestWithoutSecrets() throws Exception {
    String user = Fixtures.newUser();
    String token = Fixtures.tokenFor(user);
    ExtLogRecord record = sendWithSecrets(user, token);
    String line = record.getMessage();
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = Json.mapper().readValue(line, Map.class);
    assertThat(fields)
        .containsEntry("request_id", record.getMdc("request_id"))
        .containsEntry("principal", "user:" + user)
        .containsEntry("method", "GET")
        .containsEntry("path", "/api/v1/market/symbols")
        .containsEntry("status", 200)
        .containsKeys("latency_ms", "bytes_in", "bytes_out");
    assertThat(line).doesNotContain(token);
    SECRETS.forEach(secret -> assertThat(line).doesNotContain(secret));
  }

  /**
   * Sends an authenticated GET through the gateway with an API key header, a cookie and secrets in
   * the query string, and returns the request log's record of it.
   */
  static ExtLogRecord sendWithSecrets(String user, String token) {
    String requestId = "req-log-" + user.substring(2, 14);
    List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext && requestId.equals(ext.getMdc("request_id"))) {
              records.add(ext);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(RequestLog.CATEGORY);
    logger.addHandler(capture);
    try {
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
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !records.isEmpty());
      assertThat(records).hasSize(1);
      return records.get(0);
    } finally {
      logger.removeHandler(capture);
    }
  }
}
