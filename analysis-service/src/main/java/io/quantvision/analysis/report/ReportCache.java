package io.quantvision.analysis.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.common.json.Json;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reports cached in Redis per (symbol, timeframe, last bar time, that bar's revision): a new or a
 * corrected last bar is a new key. The cache only saves work: when Redis is down, reports are
 * generated as if it were empty.
 */
@ApplicationScoped
public class ReportCache {

  private static final Logger LOG = Logger.getLogger(ReportCache.class);

  private final ValueCommands<String, String> values;
  private final ReportSettings settings;

  ReportCache(RedisDataSource redis, ReportSettings settings) {
    this.values = redis.value(String.class, String.class);
    this.settings = settings;
  }

  String key(SeriesKey series, Instant lastBar, int revision) {
    return settings.cacheKeyPrefix()
        + series.symbol()
        + ":"
        + series.timeframe().wireName()
        + ":"
        + lastBar.toEpochMilli()
        + ":r"
        + revision;
  }

  Optional<Report> get(String key) {
    try {
      String json = values.get(key);
      return json == null
          ? Optional.empty()
          : Optional.of(Json.mapper().readValue(json, Report.class));
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.warnf("report cache unavailable (%s): generating", e.getMessage());
      return Optional.empty();
    }
  }

  void put(String key, Report report, Duration ttl) {
    try {
      values.setex(key, Math.max(1, ttl.toSeconds()), Json.mapper().writeValueAsString(report));
    } catch (RuntimeException | JsonProcessingException e) {
      LOG.warnf("report cache unavailable (%s): report %s not cached", e.getMessage(), report.id());
    }
  }
}
