package io.quantvision.common.event;

/** Redis stream names (DESIGN.md, "Events") and the one field each entry carries. */
public final class Streams {

  /** Bars, new or corrected; produced by market-data. */
  public static final String MD_BARS = "md.bars.v1";

  /** Trading signals; produced by analysis. */
  public static final String ANALYSIS_SIGNALS = "analysis.signals.v1";

  /** Order lifecycle events; produced by trading through its outbox. */
  public static final String TRADING_ORDERS = "trading.orders.v1";

  /** Operational and business alerts raised by any service. */
  public static final String ALERTS_EVENTS = "alerts.events.v1";

  /** Every stream entry holds the JSON envelope under this field name. */
  public static final String ENVELOPE_FIELD = "envelope";

  private Streams() {}
}
