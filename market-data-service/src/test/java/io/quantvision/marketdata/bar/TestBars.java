package io.quantvision.marketdata.bar;

import java.math.BigDecimal;
import java.time.Instant;

/** Valid 1Min bars for write-path tests: high one above {@code price}, low one below. */
final class TestBars {

  private TestBars() {}

  static Bar minute(String symbol, Instant start, String price) {
    BigDecimal p = new BigDecimal(price);
    return new Bar(
        symbol,
        Timeframe.MIN_1,
        start,
        p,
        p.add(BigDecimal.ONE),
        p.subtract(BigDecimal.ONE),
        p,
        1_000,
        10L,
        p,
        0,
        "import");
  }
}
