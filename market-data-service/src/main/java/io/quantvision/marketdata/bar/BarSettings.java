package io.quantvision.marketdata.bar;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Limits of the bar API. */
@ConfigMapping(prefix = "market-data.bars")
public interface BarSettings {

  /** Bars per page when {@code limit} is not given. */
  int defaultLimit();

  /** The largest {@code limit} accepted. */
  int maxLimit();

  /** The widest {@code from}..{@code to} a query may span ({@code MARKET_DATA_MAX_QUERY_RANGE}). */
  Duration maxRange();

  /**
   * Bar pages read and encoded at once ({@code MARKET_DATA_MAX_CONCURRENT_QUERIES}); a query beyond
   * waits up to {@link #queryQueueWait}, then gets 503 with {@code Retry-After}.
   */
  int maxConcurrentQueries();

  /** How long a bar query waits for a free slot before 503. */
  Duration queryQueueWait();
}
