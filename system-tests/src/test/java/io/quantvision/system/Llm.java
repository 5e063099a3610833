package io.quantvision.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantvision.common.json.Json;

/** Answers of an OpenAI-compatible chat-completions endpoint, as the LLM stub serves them. */
final class Llm {

  private Llm() {}

  /**
   * A chat completion whose message is a valid report for a symbol last closing at {@code close}.
   */
  static String completion(double close) {
    ObjectNode report = Json.mapper().createObjectNode();
    report.put("summary", "Rebound after a long decline.");
    report.put("outlook", "bullish");
    report.put("confidence", 60);
    ArrayNode levels = report.putArray("key_levels");
    levels.addObject().put("kind", "support").put("price", Math.round(close * 95) / 100.0);
    levels.addObject().put("kind", "resistance").put("price", Math.round(close * 105) / 100.0);
    report.putArray("risks").add("the decline may resume");

    ObjectNode response = Json.mapper().createObjectNode();
    response.put("id", "chatcmpl-system-test");
    response.put("object", "chat.completion");
    response.put("created", 1_735_689_600L);
    response.put("model", "gpt-system-test");
    ObjectNode choice = response.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", report.toString());
    choice.put("finish_reason", "stop");
    response.putObject("usage").put("prompt_tokens", 900).put("completion_tokens", 120);
    return response.toString();
  }
}
