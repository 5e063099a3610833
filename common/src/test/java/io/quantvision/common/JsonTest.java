package io.quantvision.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quantvision.common.json.Json;
import io.quantvision.common.security.Roles;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonTest {

  record Quote(String symbol, BigDecimal askPrice) {}

  @Test
  void refusesADuplicatedKey() {
    assertThatThrownBy(
            () -> Json.mapper().readValue("{\"symbol\":\"A\",\"symbol\":\"B\"}", Quote.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field 'symbol'");
  }

  @Test
  void refusesNanForADecimal() {
    assertThatThrownBy(
            () -> Json.mapper().readValue("{\"symbol\":\"A\",\"ask_price\":\"NaN\"}", Quote.class))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void keepsEveryDigitOfADecimalWrittenAsANumber() throws Exception {
    Quote quote =
        Json.mapper()
            .readValue("{\"symbol\":\"A\",\"ask_price\":101.250000000000000001}", Quote.class);

    assertThat(quote.askPrice()).isEqualTo(new BigDecimal("101.250000000000000001"));
  }

  @Test
  void rolesAreOrderedByPrivilege() {
    assertThat(Roles.ALL).containsExactly("viewer", "trader", "admin");
    assertThat(Roles.isKnown("root")).isFalse();
  }
}
