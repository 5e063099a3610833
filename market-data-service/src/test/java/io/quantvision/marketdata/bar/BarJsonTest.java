package io.quantvision.marketdata.bar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quantvision.common.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarJsonTest {

  /** Takes BarJson off Bar: the suite's mapper then writes the record reflectively. */
  @JsonSerialize(using = JsonSerializer.None.class)
  abstract static class Reflective {}

  @Test
  void writesWhatTheSuitesMapperWritesFromTheRecord() throws Exception {
    ObjectMapper fast = Json.mapper();
    ObjectMapper reflective = Json.mapper().copy().addMixIn(Bar.class, Reflective.class);
    List<Bar> bars =
        List.of(
            new Bar(
                "AAPL",
                Timeframe.MIN_5,
                Instant.parse("2024-03-05T14:35:00Z"),
                new BigDecimal("170.10"),
                new BigDecimal("171"),
                new BigDecimal("169.5"),
                new BigDecimal("170.25"),
                12_345,
                321L,
                new BigDecimal("170.1234"),
                2,
                "alpaca"),
            new Bar(
                "SPY",
                Timeframe.DAY_1,
                Instant.parse("2024-03-05T05:00:00.123Z"),
                BigDecimal.TEN,
                BigDecimal.TEN,
                BigDecimal.TEN,
                BigDecimal.TEN,
                0,
                null,
                null,
                1,
                "import"));

    for (Bar bar : bars) {
      String expected = reflective.writeValueAsString(bar);
      assertThat(fast.writeValueAsString(bar)).isEqualTo(expected);
      assertThat(expected).contains("\"trade_count\"", "\"open\":\"");
    }
  }
}
