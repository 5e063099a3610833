package io.quantvision.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantvision.common.json.Json;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void writesTheRfc9457MembersWithRequestIdAndFlatExtensions() throws Exception {
    Problem problem =
        Problem.of(422, "risk-rejected", "Order rejected by risk checks", "notional over limit")
            .withInstance("/api/v1/orders")
            .withRequestId("3f6c")
            .with("reason", "MAX_ORDER_NOTIONAL");

    JsonNode wire = Json.mapper().readTree(Json.mapper().writeValueAsString(problem));

    assertThat(wire.get("type").asText())
        .isEqualTo("https://quantvision.io/problems/risk-rejected");
    assertThat(wire.get("title").asText()).isEqualTo("Order rejected by risk checks");
    assertThat(wire.get("status").asInt()).isEqualTo(422);
    assertThat(wire.get("detail").asText()).isEqualTo("notional over limit");
    assertThat(wire.get("instance").asText()).isEqualTo("/api/v1/orders");
    assertThat(wire.get("request_id").asText()).isEqualTo("3f6c");
    assertThat(wire.get("reason").asText()).isEqualTo("MAX_ORDER_NOTIONAL");
    assertThat(wire.has("extensions")).isFalse();
  }

  @Test
  void readsBackExtensionsAsMembers() throws Exception {
    String json =
        Json.mapper()
            .writeValueAsString(
                Problem.of(400, "validation", "Invalid request", "1 field is invalid")
                    .with("errors", List.of(Map.of("field", "qty", "message", "must be > 0"))));

    Problem read = Json.mapper().readValue(json, Problem.class);

    assertThat(read.status()).isEqualTo(400);
    assertThat(read.extensionMembers()).containsKey("errors");
  }

  @Test
  void exceptionCarriesItsProblem() {
    ProblemException e = ProblemException.notFound("no symbol 'ZZZZ'");

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.problem().type()).endsWith("/not-found");
    assertThat(e.getMessage()).isEqualTo("no symbol 'ZZZZ'");
  }
}
