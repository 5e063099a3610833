package io.quantvision.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
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

  record Silence(String comment, java.util.List<String> symbols) {}

  @Test
  void refusesTheNulCharacterInAStringWhereverItIs() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"comment\":\"a\\u0000b\"}", Silence.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("U+0000")
        .satisfies(
            e ->
                assertThat(((InvalidFormatException) e).getPath().get(0).getFieldName())
                    .isEqualTo("comment"));
    assertThatThrownBy(
            () -> Json.mapper().readValue("{\"symbols\":[\"A\",\"\\u0000\"]}", Silence.class))
        .isInstanceOf(InvalidFormatException.class);
  }

  @Test
  void readsOtherControlCharactersAndUnicodeAsBefore() throws Exception {
    Silence silence =
        Json.mapper().readValue("{\"comment\":\"tab\\there \\ud83d\\ude00\"}", Silence.class);

    assertThat(silence.comment()).isEqualTo("tab\there \ud83d\ude00");
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
