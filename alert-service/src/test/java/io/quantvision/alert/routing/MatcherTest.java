package io.quantvision.alert.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MatcherTest {

  private static final Map<String, String> LABELS =
      Map.of("alertname", "HighLatencyP95", "service", "trading-service", "severity", "warning");

  @Test
  void parsesTheFourAlertmanagerOperators() {
    assertThat(Matcher.parse("alertname=\"HighLatencyP95\"").matches(LABELS)).isTrue();
    assertThat(Matcher.parse("alertname!=\"ServiceDown\"").matches(LABELS)).isTrue();
    assertThat(Matcher.parse("severity=~\"warning|info\"").matches(LABELS)).isTrue();
    assertThat(Matcher.parse("service!~\"trading-.*\"").matches(LABELS)).isFalse();
  }

  @Test
  void anchorsRegexesAndTreatsAMissingLabelAsEmpty() {
    assertThat(Matcher.parse("severity=~\"warn\"").matches(LABELS)).isFalse();
    assertThat(Matcher.parse("instance=\"\"").matches(LABELS)).isTrue();
    assertThat(Matcher.parse("instance!=\"\"").matches(LABELS)).isFalse();
  }

  @Test
  void refusesWhatIsNotAMatcher() {
    assertThatThrownBy(() -> Matcher.parse("alertname"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Matcher("a", "(", true, true))
        .isInstanceOf(io.quantvision.common.problem.ProblemException.class);
  }
}
