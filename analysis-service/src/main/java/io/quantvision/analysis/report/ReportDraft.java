package io.quantvision.analysis.report;

import java.util.List;

/** The analysis itself, whoever wrote it (the model or the rule-based narrative). */
public record ReportDraft(
    String summary, String outlook, int confidence, List<KeyLevel> keyLevels, List<String> risks) {

  public static final List<String> OUTLOOKS = List.of("bullish", "bearish", "neutral");
}
