package io.quantvision.marketdata.symbol;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** Resolves a ticker from a request path: upper-cased, and a 404 problem when unknown. */
@ApplicationScoped
public class SymbolLookup {

  private final SymbolRepository symbols;

  SymbolLookup(SymbolRepository symbols) {
    this.symbols = symbols;
  }

  public String require(String symbol) {
    String ticker = normalise(symbol);
    if (symbols.find(ticker).isEmpty()) {
      throw unknown(ticker);
    }
    return ticker;
  }

  public static String normalise(String symbol) {
    return symbol == null ? "" : symbol.trim().toUpperCase(Locale.ROOT);
  }

  public static ProblemException unknown(String ticker) {
    return new ProblemException(
        Problem.of(404, "unknown-symbol", "Unknown symbol", "No symbol '" + ticker + "' is known")
            .with("symbol", ticker));
  }
}
