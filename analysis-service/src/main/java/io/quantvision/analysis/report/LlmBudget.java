package io.quantvision.analysis.report;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The budget of model calls per rolling minute, shared by every instance: a sorted set in Redis of
 * the calls made in the last 60 s, checked and added to in one script on Redis' own clock (so
 * instances with skewed clocks still agree). When Redis cannot answer, no call is made: the cost
 * cap holds even then, and the report falls back.
 */
@ApplicationScoped
public class LlmBudget {

  private static final Logger LOG = Logger.getLogger(LlmBudget.class);
  private static final long WINDOW_MILLIS = 60_000;

  private static final String SCRIPT =
      """
      local now = redis.call('TIME')
      local millis = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', millis - tonumber(ARGV[2]))
      if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
        redis.call('ZADD', KEYS[1], millis, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      return 0
      """;

  private final RedisDataSource redis;
  private final LlmSettings settings;

  LlmBudget(RedisDataSource redis, LlmSettings settings) {
    this.redis = redis;
    this.settings = settings;
  }

  /** Takes one call from the budget; false when the last minute already used it up. */
  boolean tryAcquire() {
    try {
      Response taken =
          redis.execute(
              "EVAL",
              SCRIPT,
              "1",
              settings.budgetKey(),
              Integer.toString(settings.callsPerMinute()),
              Long.toString(WINDOW_MILLIS),
              UUID.randomUUID().toString());
      return taken != null && taken.toInteger() == 1;
    } catch (RuntimeException e) {
      LOG.warnf("cannot check the LLM budget (%s): no model call", e.getMessage());
      return false;
    }
  }
}
