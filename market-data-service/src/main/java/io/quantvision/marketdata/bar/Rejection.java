package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A row refused by validation: where it was ({@code line} of a CSV file, 1 = the header; or {@code
 * index} in a JSON array or provider response, from 0), why, and in words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(Long line, Long index, RejectReason reason, String message)
    implements RowOutcome {

  public static Rejection atLine(long line, RejectReason reason, String message) {
    return new Rejection(line, null, reason, message);
  }

  public static Rejection atIndex(long index, RejectReason reason, String message) {
    return new Rejection(null, index, reason, message);
  }

  /** The same rejection at the position of another row (the reasons are found per candidate). */
  public static Rejection at(Candidate where, RejectReason reason, String message) {
    return where.byLine()
        ? atLine(where.position(), reason, message)
        : atIndex(where.position(), reason, message);
  }
}
