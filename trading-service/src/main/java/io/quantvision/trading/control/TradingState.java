package io.quantvision.trading.control;

/** The kill switch: ACTIVE, REDUCING (only position-reducing orders), HALTED (only cancels). */
public enum TradingState {
  ACTIVE,
  REDUCING,
  HALTED
}
