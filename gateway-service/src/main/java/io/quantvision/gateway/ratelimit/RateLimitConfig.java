package io.quantvision.gateway.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed settings of the rate limiter; every default is also in application.properties. */
@ConfigMapping(prefix = "qv.rate-limit")
public interface RateLimitConfig {

  /** Requests per principal in any 60-second window. */
  @WithDefault("60")
  int perMinute();

  /** Requests per principal in any 3600-second window. */
  @WithDefault("1000")
  int perHour();

  /** Stricter budget, per client IP, for login and the 2FA steps. */
  Auth auth();

  /** Prefix of every Redis key the limiter writes (the gateway owns it). */
  @WithDefault("qv:gw:rl")
  String keyPrefix();

  /** A Redis decision slower than this counts as an outage: the local limiter answers. */
  @WithDefault("200ms")
  Duration redisTimeout();

  /**
   * Consecutive failed or late Redis decisions before this instance switches to its local limiter
   * (the requests before that are decided locally one by one): one slow answer is not an outage.
   */
  @WithDefault("3")
  int fallbackAfter();

  /**
   * How many gateway instances share the limits. While Redis is out, each instance enforces 1/N of
   * every limit (rounded up), so a principal spread over N instances still gets about one budget,
   * not N of them.
   */
  @WithDefault("1")
  int fallbackInstances();

  /** While Redis is out, how often one request tries it again. */
  @WithDefault("1s")
  Duration redisRetryInterval();

  interface Auth {
    @WithDefault("10")
    int perMinute();

    @WithDefault("100")
    int perHour();
  }
}
