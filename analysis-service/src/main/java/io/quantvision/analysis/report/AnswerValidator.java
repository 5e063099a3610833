package io.quantvision.analysis.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quantvision.common.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Holds a model's answer to the report schema: one JSON object with exactly the members the system
 * message asks for, each of the right type and range. Key levels must lie within half to twice the
 * last close: a price the data cannot support is a hallucination, and the whole answer is refused.
 * A code fence around the JSON is the only leniency.
 */
final class AnswerValidator {

  static final int MAX_SUMMARY = 2_000;
  static final int MAX_LEVELS = 10;
  static final int MAX_RISKS = 10;
  static final int MAX_RISK = 500;
  private static final Set<String> MEMBERS =
      Set.of("summary", "outlook", "confidence", "key_levels", "risks");
  private static final Set<String> LEVEL_MEMBERS = Set.of("kind", "price");

  private AnswerValidator() {}

  static ReportDraft validate(String content, double referencePrice) {
    if (content == null || content.isBlank()) {
      throw invalid("the answer is empty");
    }
    JsonNode answer;
    try {
      answer = Json.mapper().readTree(unfence(content));
    } catch (JsonProcessingException e) {
      throw invalid("the answer is not JSON");
    }
    if (answer == null || !answer.isObject()) {
      throw invalid("the answer is not a JSON object");
    }
    for (Iterator<String> names = answer.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw invalid("unexpected member '" + name + "'");
      }
    }
    String summary = text(answer, "summary", MAX_SUMMARY);
    String outlook = text(answer, "outlook", 16);
    if (!ReportDraft.OUTLOOKS.contains(outlook)) {
      throw invalid("outlook '" + outlook + "' is not one of " + ReportDraft.OUTLOOKS);
    }
    JsonNode confidence = answer.get("confidence");
    if (confidence == null
        || !confidence.isIntegralNumber()
        || confidence.asLong() < 0
        || confidence.asLong() > 100) {
      throw invalid("confidence is not an integer from 0 to 100");
    }
    return new ReportDraft(
        summary,
        outlook,
        confidence.asInt(),
        levels(answer.get("key_levels"), referencePrice),
        risks(answer.get("risks")));
  }

  private static List<KeyLevel> levels(JsonNode node, double referencePrice) {
    if (node == null || !node.isArray() || node.size() > MAX_LEVELS) {
      throw invalid("key_levels is not an array of at most " + MAX_LEVELS);
    }
    List<KeyLevel> levels = new ArrayList<>();
    for (JsonNode level : node) {
      if (!level.isObject()) {
        throw invalid("a key level is not an object");
      }
      for (Iterator<String> names = level.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!LEVEL_MEMBERS.contains(name)) {
          throw invalid("unexpected key level member '" + name + "'");
        }
      }
      String kind = text(level, "kind", 16);
      if (!KeyLevel.SUPPORT.equals(kind) && !KeyLevel.RESISTANCE.equals(kind)) {
        throw invalid("key level kind '" + kind + "' is not support or resistance");
      }
      BigDecimal price = price(level.get("price"));
      double value = price.doubleValue();
      if (value < referencePrice / 2 || value > referencePrice * 2) {
        throw invalid("key level " + price + " is far from the last close " + referencePrice);
      }
      levels.add(new KeyLevel(kind, KeyLevel.plain(price)));
    }
    return levels;
  }

  private static List<String> risks(JsonNode node) {
    if (node == null || !node.isArray() || node.size() > MAX_RISKS) {
      throw invalid("risks is not an array of at most " + MAX_RISKS);
    }
    List<String> risks = new ArrayList<>();
    for (JsonNode risk : node) {
      if (!risk.isTextual() || risk.asText().isBlank() || risk.asText().length() > MAX_RISK) {
        throw invalid("a risk is not a short non-empty string");
      }
      risks.add(risk.asText().strip());
    }
    return risks;
  }

  private static BigDecimal price(JsonNode node) {
    try {
      if (node != null && node.isNumber()) {
        return node.decimalValue();
      }
      if (node != null && node.isTextual()) {
        return new BigDecimal(node.asText().trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("a key level price is not a number");
  }

  private static String text(JsonNode parent, String field, int maxLength) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw invalid(field + " is not a non-empty string");
    }
    String value = node.asText().strip();
    if (value.length() > maxLength) {
      throw invalid(field + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  /** Strips one surrounding Markdown code fence (```json ... ```), which chat models like. */
  static String unfence(String content) {
    String trimmed = content.strip();
    if (!trimmed.startsWith("```")) {
      return trimmed;
    }
    int firstLine = trimmed.indexOf('\n');
    int closing = trimmed.lastIndexOf("```");
    if (firstLine < 0 || closing <= firstLine) {
      return trimmed;
    }
    return trimmed.substring(firstLine + 1, closing).strip();
  }

  private static InvalidAnswerException invalid(String why) {
    return new InvalidAnswerException(why);
  }
}
