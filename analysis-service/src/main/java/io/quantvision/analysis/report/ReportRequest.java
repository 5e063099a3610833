package io.quantvision.analysis.report;

/**
 * The optional body of {@code POST /report}: which timeframe to analyse (default 1Day). There is
 * deliberately no free-text member: nothing a caller writes reaches the model.
 */
public record ReportRequest(String timeframe) {}
