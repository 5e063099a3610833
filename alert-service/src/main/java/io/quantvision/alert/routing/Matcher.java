package io.quantvision.alert.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quantvision.common.problem.ProblemException;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher as Alertmanager has them: {@code name="v"}, {@code name!="v"}, {@code
 * name=~"re"}, {@code name!~"re"}. Regular expressions are anchored; a missing label is "".
 */
public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {

  private static final Pattern TEXT =
      Pattern.compile("^\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"(.*)\"\\s*$");

  public Matcher {
    if (name == null || name.isBlank()) {
      throw ProblemException.badRequest("a matcher needs a label name");
    }
    if (value == null) {
      value = "";
    }
    if (isRegex) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw ProblemException.badRequest("matcher " + name + " has an invalid regex: " + value);
      }
    }
  }

  public static Matcher parse(String text) {
    java.util.regex.Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a matcher: " + text);
    }
    String op = m.group(2);
    return new Matcher(m.group(1), m.group(3), op.contains("~"), !op.startsWith("!"));
  }

  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    boolean hit = isRegex ? Pattern.matches(value, actual) : value.equals(actual);
    return hit == isEqual;
  }

  @JsonIgnore
  public boolean matchesEmpty() {
    return matches(Map.of());
  }
}
