package io.quantvision.analysis.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An analysis report as served. {@code source} is {@code llm} or {@code fallback} (then {@code
 * fallback_reason} says why: {@code llm_disabled}, {@code invalid}, {@code timeout}, {@code error}
 * or {@code budget}); {@code bar_time} is the last bar it is based on.
 */
public record Report(
    UUID id,
    String symbol,
    String timeframe,
    Instant barTime,
    String summary,
    String outlook,
    int confidence,
    List<KeyLevel> keyLevels,
    List<String> risks,
    String source,
    String fallbackReason,
    String model,
    String promptHash,
    Instant generatedAt) {

  public static final String LLM = "llm";
  public static final String FALLBACK = "fallback";
  public static final String LLM_DISABLED = "llm_disabled";
}
