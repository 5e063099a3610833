package io.quantvision.marketdata.ingest;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "market-data.ingest")
public interface IngestSettings {

  /** The widest range one backfill job may cover. */
  Duration maxRange();

  /** The most symbols one backfill job may name. */
  int maxSymbols();

  /** A running job whose instance stopped beating for this long is taken over. */
  Duration staleAfter();

  /** How often each instance looks for queued jobs (new jobs also wake it at once). */
  Duration pollEvery();

  Pull pull();

  /** Scheduled pulls of recent bars from the configured provider. */
  interface Pull {
    /** Whether this instance pulls on schedule ({@code MARKET_DATA_PULL_ENABLED}). */
    boolean enabled();

    /** How often. */
    Duration every();

    /** Timeframes pulled. */
    List<String> timeframes();

    /**
     * How far back each pull reaches: re-reading the recent past picks up the bars providers
     * correct after late trades (they come back as revisions).
     */
    Duration window();

    /** How far back the first pull after start-up reaches. */
    Duration catchUp();
  }
}
