package io.quantvision.analysis.report;

/** The endpoint failed in a way worth one more try: a 5xx, a 429, a broken connection. */
class LlmUnavailableException extends RuntimeException {
  LlmUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
