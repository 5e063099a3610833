package io.quantvision.marketdata.bar;

/** A bar read from somewhere (a file line, an array element), not yet validated. */
public record Candidate(long position, boolean byLine, Bar bar) implements RowOutcome {

  public static Candidate atLine(long line, Bar bar) {
    return new Candidate(line, true, bar);
  }

  public static Candidate atIndex(long index, Bar bar) {
    return new Candidate(index, false, bar);
  }
}
