package io.quantvision.analysis.report;

/**
 * What a model call came to: a validated draft and the model that wrote it, or the outcome that
 * explains why there is none ({@code invalid}, {@code timeout}, {@code error}, {@code budget}).
 */
public record LlmAnswer(String outcome, ReportDraft draft, String model, String detail) {

  public static final String SUCCESS = "success";
  public static final String INVALID = "invalid";
  public static final String TIMEOUT = "timeout";
  public static final String ERROR = "error";
  public static final String BUDGET = "budget";

  static LlmAnswer success(ReportDraft draft, String model) {
    return new LlmAnswer(SUCCESS, draft, model, null);
  }

  static LlmAnswer failed(String outcome, String detail) {
    return new LlmAnswer(outcome, null, null, detail);
  }

  public boolean succeeded() {
    return draft != null;
  }
}
