package io.quantvision.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnswerValidatorTest {

  private static final String VALID =
      """
      {"summary": "Uptrend intact.", "outlook": "bullish", "confidence": 70,
       "key_levels": [{"kind": "support", "price": 98}, {"kind": "resistance", "price": "104.50"}],
       "risks": ["earnings next week"]}""";

  @Test
  void acceptsAnAnswerThatFitsTheSchema() {
    ReportDraft draft = AnswerValidator.validate(VALID, 100);

    assertThat(draft.outlook()).isEqualTo("bullish");
    assertThat(draft.confidence()).isEqualTo(70);
    assertThat(draft.keyLevels())
        .extracting(level -> level.price().toPlainString())
        .containsExactly("98", "104.5");
    assertThat(draft.risks()).containsExactly("earnings next week");
  }

  @Test
  void acceptsTheAnswerInsideAMarkdownCodeFence() {
    assertThat(AnswerValidator.validate("```json\n" + VALID + "\n```", 100).outlook())
        .isEqualTo("bullish");
  }

  @Test
  void refusesDuplicateMembersFractionalConfidenceAndEmptyRisks() {
    assertThatThrownBy(
            () ->
                AnswerValidator.validate(
                    VALID.replace(
                        "\"outlook\": \"bullish\"",
                        "\"outlook\": \"bullish\", \"outlook\": \"bearish\""),
                    100))
        .isInstanceOf(InvalidAnswerException.class);
    assertThatThrownBy(() -> AnswerValidator.validate(VALID.replace("70", "70.5"), 100))
        .isInstanceOf(InvalidAnswerException.class);
    assertThatThrownBy(
            () -> AnswerValidator.validate(VALID.replace("\"earnings next week\"", "\"  \""), 100))
        .isInstanceOf(InvalidAnswerException.class);
    assertThatThrownBy(() -> AnswerValidator.validate("[]", 100))
        .isInstanceOf(InvalidAnswerException.class);
  }

  @Test
  void refusesKeyLevelsTheDataCannotSupport() {
    assertThatThrownBy(() -> AnswerValidator.validate(VALID, 300))
        .isInstanceOf(InvalidAnswerException.class)
        .hasMessageContaining("far from the last close");
  }
}
