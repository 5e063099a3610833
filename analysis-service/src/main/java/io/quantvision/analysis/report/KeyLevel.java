package io.quantvision.analysis.report;

import java.math.BigDecimal;

/** A price level a report points out: {@code support} or {@code resistance}. */
public record KeyLevel(String kind, BigDecimal price) {

  public static final String SUPPORT = "support";
  public static final String RESISTANCE = "resistance";

  /** Without trailing zeros, never in exponent form ({@code 100}, not {@code 1E+2}). */
  static BigDecimal plain(BigDecimal price) {
    BigDecimal stripped = price.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
