package io.quantvision.analysis.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The LLM endpoint (any OpenAI-compatible chat-completions API) and its limits. */
@ConfigMapping(prefix = "analysis.llm")
public interface LlmSettings {

  /** Base URL up to the version, e.g. {@code https://api.openai.com/v1}; unset: rule-based only. */
  Optional<String> baseUrl();

  Optional<String> apiKey();

  @WithDefault("gpt-4o-mini")
  String model();

  /** One attempt's limit; also the fault-tolerance @Timeout of LlmClient#complete. */
  @WithDefault("10000")
  long timeoutMillis();

  /** Model calls allowed per rolling minute, across every instance of the service. */
  @WithDefault("20")
  int callsPerMinute();

  /** The Redis key (owned by analysis-service) holding the calls of the last minute. */
  @WithDefault("analysis:llm:budget")
  String budgetKey();

  @WithDefault("700")
  int maxTokens();

  @WithDefault("0.2")
  double temperature();

  default Duration timeout() {
    return Duration.ofMillis(timeoutMillis());
  }
}
