package io.quantvision.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantvision.common.json.Json;
import io.quantvision.gateway.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.junit.jupiter.api.Test;

/**
 * JSON console logs ({@code LOG_FORMAT=json} in production): the request log's fields are members
 * of the line's {@code mdc} object, each once, not a JSON string inside {@code message}.
 */
@QuarkusTest
@TestProfile(JsonRequestLogTest.JsonConsole.class)
class JsonRequestLogTest {

  public static class JsonConsole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.log.console.json.enabled", "true");
    }
  }

  @Test
  void theFieldsAreMembersOfTheLineNotAStringInsideIt() throws Exception {
    String user = Fixtures.newUser();
    String token = Fixtures.tokenFor(user);
    ExtLogRecord record = RequestLogTest.sendWithSecrets(user, token);
    // the console's own formatter writes the line
    String line = consoleFormatter().format(record);
    JsonNode json = Json.mapper().readTree(line);
    JsonNode mdc = json.get("mdc");
    assertThat(mdc.get("request_id").asText()).isEqualTo(record.getMdc("request_id"));
    assertThat(mdc.get("principal").asText()).isEqualTo("user:" + user);
    assertThat(mdc.get("method").asText()).isEqualTo("GET");
    assertThat(mdc.get("path").asText()).isEqualTo("/api/v1/market/symbols");
    assertThat(mdc.get("status").asInt()).isEqualTo(200);
    assertThat(mdc.get("latency_ms").asDouble()).isPositive();
    assertThat(mdc.get("bytes_out").asLong()).isPositive();
    assertThat(json.get("loggerName").asText()).isEqualTo(RequestLog.CATEGORY);
    assertThat(json.get("message").asText()).startsWith("GET /api/v1/market/symbols 200 ");
    assertThat(json.get("service").asText()).isEqualTo("gateway-service");
    assertThat(line).doesNotContain(token).doesNotContain("\\\"request_id\\\"");
    RequestLogTest.SECRETS.forEach(secret -> assertThat(line).doesNotContain(secret));
  }

  /** The JSON formatter of a handler under the root logger: the console's, in this profile. */
  private static Formatter consoleFormatter() {
    Deque<Handler> handlers = new ArrayDeque<>();
    for (Handler h : LogContext.getLogContext().getLogger("").getHandlers()) {
      handlers.add(h);
    }
    while (!handlers.isEmpty()) {
      Handler handler = handlers.poll();
      if (handler.getFormatter() instanceof JsonFormatter json) {
        return json;
      }
      if (handler instanceof ExtHandler ext) {
        handlers.addAll(java.util.List.of(ext.getHandlers()));
      }
    }
    throw new AssertionError("no JSON console formatter under the root logger");
  }
}
