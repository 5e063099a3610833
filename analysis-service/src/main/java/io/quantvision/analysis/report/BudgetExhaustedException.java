package io.quantvision.analysis.report;

/** The per-minute budget of model calls is spent (or cannot be checked): no call was made. */
class BudgetExhaustedException extends RuntimeException {
  BudgetExhaustedException(String message) {
    super(message);
  }
}
