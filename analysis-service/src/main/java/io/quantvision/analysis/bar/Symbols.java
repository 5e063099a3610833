package io.quantvision.analysis.bar;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a symbol may look like: tickers (BRK.B), share classes (BF-B), crypto pairs (BTC/USD). */
public final class Symbols {

  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9./-]{0,19}");

  private Symbols() {}

  /** The canonical (upper-case) form, or null when it cannot be a symbol. */
  public static String canonical(String raw) {
    if (raw == null) {
      return null;
    }
    String symbol = raw.trim().toUpperCase(Locale.ROOT);
    return SYMBOL.matcher(symbol).matches() ? symbol : null;
  }
}
