package io.quantvision.common.time;

import java.time.Instant;

/**
 * The times the API accepts from a client: 1900-01-01 to 9999-12-31 (UTC). Java reads years up to
 * ±999,999,999, PostgreSQL stores 4713 BC to 294276 AD and millisecond arithmetic overflows in
 * between; a time outside this range is a client's error, refused where it is parsed (a 400 naming
 * the field), never a 500 from the database or an overflow.
 */
public final class ApiTimes {

  public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** How a refusal says it: "between 1900-01-01 and 9999-12-31". */
  public static final String RANGE = "between 1900-01-01 and 9999-12-31";

  private ApiTimes() {}

  public static boolean accepted(Instant time) {
    return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
  }
}
