package io.quantvision.analysis.report;

/** The endpoint refused the call (a 4xx other than 429): trying again will not help. */
class LlmRejectedException extends RuntimeException {
  LlmRejectedException(String message) {
    super(message);
  }
}
