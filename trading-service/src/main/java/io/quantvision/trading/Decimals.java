package io.quantvision.trading;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Decimal helpers: money never goes through binary floating point. */
public final class Decimals {

  /** Scale of quantities and average prices. */
  public static final int QTY_SCALE = 9;

  /** Scale of money amounts (cash, commissions, reservations). */
  public static final int MONEY_SCALE = 8;

  private Decimals() {}

  /** A decimal as the wire shows it: no trailing zeros, never in exponent form. */
  public static BigDecimal plain(BigDecimal value) {
    if (value == null) {
      return null;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
  }

  public static BigDecimal money(BigDecimal value) {
    return value.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
  }

  public static BigDecimal bps(BigDecimal basisPoints) {
    return basisPoints.movePointLeft(4);
  }
}
