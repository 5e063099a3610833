package io.quantvision.analysis.series;

import io.quantvision.analysis.indicator.IndicatorEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * This instance's indicator engines, each tagged with the series version it belongs to. An engine
 * is taken out while a bar is applied and put back with the new version: if the transaction fails,
 * or another instance has moved the series on, the versions differ and the engine is rebuilt from
 * the database instead. Versions are random, so a version that never committed never matches.
 */
@ApplicationScoped
public class EngineCache {

  private record Cached(UUID version, IndicatorEngine engine) {}

  private final Map<SeriesKey, Cached> engines;

  EngineCache(SeriesSettings settings) {
    int capacity = settings.engineCacheSize();
    this.engines =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SeriesKey, Cached> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The cached engine when it is at {@code version}; either way, it leaves the cache. */
  synchronized IndicatorEngine take(SeriesKey key, UUID version) {
    Cached entry = engines.remove(key);
    return entry != null && entry.version().equals(version) ? entry.engine() : null;
  }

  synchronized void put(SeriesKey key, UUID version, IndicatorEngine engine) {
    engines.put(key, new Cached(version, engine));
  }
}
