package io.quantvision.analysis.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Indicator values leave as decimal strings, like every price in the suite's API. */
public final class Decimals {

  /** Fractional digits kept: far below a price tick, and stable across platforms. */
  public static final int SCALE = 8;

  private Decimals() {}

  public static String format(double value) {
    BigDecimal decimal = new BigDecimal(value).setScale(SCALE, RoundingMode.HALF_EVEN);
    String plain = decimal.stripTrailingZeros().toPlainString();
    return "-0".equals(plain) ? "0" : plain;
  }
}
