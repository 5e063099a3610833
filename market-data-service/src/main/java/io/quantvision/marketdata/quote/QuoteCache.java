package io.quantvision.marketdata.quote;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quantvision.common.json.Json;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Latest quotes in Redis, one key per symbol ({@code md:quote:<SYMBOL>}, JSON, with a TTL). The
 * keys belong to this service; other services use the quote API, never these keys.
 */
@ApplicationScoped
public class QuoteCache {

  public static final String KEY_PREFIX = "md:quote:";

  private static final Logger LOG = Logger.getLogger(QuoteCache.class);

  private final ValueCommands<String, String> values;
  private final QuoteSettings settings;
  private final Clock clock;

  QuoteCache(RedisDataSource redis, QuoteSettings settings, Clock clock) {
    this.values = redis.value(String.class, String.class);
    this.settings = settings;
    this.clock = clock;
  }

  /** Stores a quote unless the cache already holds a newer one for the symbol. */
  public void put(Quote quote) {
    Optional<Quote> current = get(quote.symbol());
    if (current.isPresent()
        && current.get().timestamp() != null
        && quote.timestamp() != null
        && current.get().timestamp().isAfter(quote.timestamp())) {
      return;
    }
    values.setex(key(quote.symbol()), settings.ttl().toSeconds(), write(quote));
  }

  public Optional<Quote> get(String symbol) {
    return Optional.ofNullable(values.get(key(symbol))).flatMap(QuoteCache::read);
  }

  public Map<String, Quote> getAll(Collection<String> symbols) {
    Map<String, Quote> quotes = new HashMap<>();
    if (symbols.isEmpty()) {
      return quotes;
    }
    List<String> keys = symbols.stream().map(QuoteCache::key).toList();
    values
        .mget(keys.toArray(String[]::new))
        .forEach(
            (key, json) -> {
              if (json != null) {
                read(json).ifPresent(q -> quotes.put(q.symbol(), q));
              }
            });
    return quotes;
  }

  public boolean isStale(Quote quote) {
    Instant timestamp = quote.timestamp();
    return timestamp == null
        || Duration.between(timestamp, clock.instant()).compareTo(settings.staleAfter()) > 0;
  }

  public QuoteView view(Quote quote) {
    return new QuoteView(
        quote.symbol(),
        quote.bidPrice(),
        quote.askPrice(),
        quote.lastPrice(),
        quote.timestamp(),
        isStale(quote));
  }

  static String key(String symbol) {
    return KEY_PREFIX + symbol;
  }

  private static String write(Quote quote) {
    try {
      return Json.mapper().writeValueAsString(quote);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write quote of " + quote.symbol(), e);
    }
  }

  private static Optional<Quote> read(String json) {
    try {
      return Optional.of(Json.mapper().readValue(json, Quote.class));
    } catch (JsonProcessingException e) {
      LOG.warnf("ignoring an unreadable cached quote: %s", e.getOriginalMessage());
      return Optional.empty();
    }
  }
}
