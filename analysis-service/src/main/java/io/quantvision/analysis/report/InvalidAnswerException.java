package io.quantvision.analysis.report;

/** The model answered, but not with a report that fits the schema. */
class InvalidAnswerException extends RuntimeException {
  InvalidAnswerException(String message) {
    super(message);
  }
}
