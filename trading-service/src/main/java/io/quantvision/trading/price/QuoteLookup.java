package io.quantvision.trading.price;

import java.util.Optional;

/** What asking for a price found: a quote, a symbol nobody knows, or no answer at all. */
public record QuoteLookup(Optional<Quote> quote, Outcome outcome) {

  public enum Outcome {
    FOUND,
    UNKNOWN_SYMBOL,
    UNAVAILABLE
  }

  public static QuoteLookup found(Quote quote) {
    return new QuoteLookup(Optional.of(quote), Outcome.FOUND);
  }

  public static QuoteLookup unknownSymbol() {
    return new QuoteLookup(Optional.empty(), Outcome.UNKNOWN_SYMBOL);
  }

  public static QuoteLookup unavailable() {
    return new QuoteLookup(Optional.empty(), Outcome.UNAVAILABLE);
  }
}
