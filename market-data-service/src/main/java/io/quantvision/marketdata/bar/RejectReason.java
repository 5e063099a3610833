package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a row cannot be a bar; the wire name is also the {@code reason} tag of the metric. */
public enum RejectReason {
  MISSING_FIELD,
  UNPARSEABLE,
  UNKNOWN_SYMBOL,
  UNKNOWN_TIMEFRAME,
  NON_POSITIVE_PRICE,
  PRICE_OUT_OF_RANGE,
  HIGH_BELOW_LOW,
  OPEN_OUTSIDE_RANGE,
  CLOSE_OUTSIDE_RANGE,
  NEGATIVE_VOLUME,
  NEGATIVE_TRADE_COUNT,
  MISALIGNED_START,
  FUTURE_START,
  DUPLICATE_ROW;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
