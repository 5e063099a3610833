package io.quantvision.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.quantvision.common.json.Json;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a client reads when its body does not bind: the API's words, never Java's. */
class JsonProblemTest {

  record Silence(
      Instant endsAt,
      BigDecimal price,
      Integer count,
      UUID id,
      List<String> names,
      String comment) {}

  private static String expectationFor(String json) {
    JsonMappingException e =
        catchThrowableOfType(
            JsonMappingException.class, () -> Json.mapper().readValue(json, Silence.class));
    assertThat(e).as(json).isNotNull();
    return ProblemMapper.expectation(e);
  }

  @Test
  void namesTheExpectedFormatInsteadOfTheJavaType() {
    assertThat(expectationFor("{\"ends_at\":\"NaN\"}"))
        .isEqualTo("expected an RFC 3339 timestamp such as 2026-01-02T15:04:05Z");
    assertThat(expectationFor("{\"price\":\"ten\"}"))
        .isEqualTo("expected a number (a decimal string or a JSON number)");
    assertThat(expectationFor("{\"count\":\"x\"}")).isEqualTo("expected an integer");
    assertThat(expectationFor("{\"id\":\"not-a-uuid\"}")).isEqualTo("expected a UUID");
    assertThat(expectationFor("{\"names\":{\"a\":1}}")).isEqualTo("expected an array");
    assertThat(expectationFor("{\"comment\":{\"a\":1}}")).isEqualTo("expected a string");
    assertThat(expectationFor("[1]")).isEqualTo("expected an object");
  }

  @Test
  void aStringWithTheNulCharacterIsRefusedInTheSuitesOwnWords() {
    assertThat(expectationFor("{\"comment\":\"a\\u0000\"}"))
        .isEqualTo("must not contain the NUL character (U+0000)");
  }

  @Test
  void textTheDatabaseCannotStoreIsTheClientsInputNotAnOutage() {
    SQLException nul =
        new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
    RuntimeException wrapped = new IllegalStateException("cannot write", new RuntimeException(nul));

    assertThat(ProblemMapper.unstorableText(wrapped)).isTrue();
    assertThat(ProblemMapper.dependencyUnavailable(wrapped)).isFalse();
    assertThat(ProblemMapper.unstorableText(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(ProblemMapper.unstorableText(new NullPointerException())).isFalse();
  }
}
