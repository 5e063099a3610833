package io.quantvision.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Decides whether a principal may make one more request under a {@link Policy}: in Redis (one
 * EVALSHA of {@code sliding-window.lua} decides every window of the policy atomically, so all
 * gateway instances share one budget), or, while Redis is unreachable or slow, in this instance's
 * memory ({@link LocalLimiter}) with this instance's share of each limit ({@code
 * fallback-instances}). The instance switches after {@code fallback-after} consecutive failures (a
 * failed decision before that is local too, alone); the switch is logged once per transition; while
 * on the local limiter one request per {@code redis-retry-interval} tries Redis again.
 */
@ApplicationScoped
public class RateLimiter {

  private static final Logger LOG = Logger.getLogger(RateLimiter.class);
  static final String SCRIPT = loadScript();

  private final RedisAPI redis;
  private final Vertx vertx;
  private final RateLimitConfig config;
  private final LocalLimiter local = new LocalLimiter(System::currentTimeMillis);
  private final AtomicBoolean fallback = new AtomicBoolean();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final Map<Policy, Policy> localShares = new ConcurrentHashMap<>();
  private final AtomicLong lastRedisTry = new AtomicLong();
  private final Counter[] decisions = new Counter[4];
  private volatile String sha;
  private final AtomicReference<Future<String>> loading = new AtomicReference<>();

  RateLimiter(RedisAPI redis, Vertx vertx, RateLimitConfig config, MeterRegistry registry) {
    this.redis = redis;
    this.vertx = vertx;
    this.config = config;
    int i = 0;
    for (Decision.Backend backend : Decision.Backend.values()) {
      for (String outcome : List.of("allowed", "limited")) {
        decisions[i++] =
            Counter.builder("qv.gateway.ratelimit.decisions")
                .description("Rate-limit decisions")
                .tag("outcome", outcome)
                .tag("limiter", backend.tag())
                .register(registry);
      }
    }
    registry.gauge("qv.gateway.ratelimit.fallback.active", fallback, f -> f.get() ? 1 : 0);
    vertx.setPeriodic(60_000, id -> local.evictIdle(3_600_000L));
  }

  public Future<Decision> decide(String principal, Policy policy) {
    String key = config.keyPrefix() + ":" + policy.name() + ":{" + principal + "}";
    if (fallback.get() && !dueForRedisTry()) {
      return Future.succeededFuture(count(decideLocally(key, policy)));
    }
    Promise<Decision> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            config.redisTimeout().toMillis(),
            t -> {
              if (promise.tryFail("Redis did not answer in " + config.redisTimeout())) {
                redisFailed(new IllegalStateException("timeout"));
              }
            });
    evaluate(key, policy)
        .onComplete(
            result -> {
              vertx.cancelTimer(timer);
              if (result.succeeded()) {
                if (promise.tryComplete(result.result())) {
                  redisAnswered();
                }
              } else if (promise.tryFail(result.cause())) {
                redisFailed(result.cause());
              }
            });
    return promise
        .future()
        .recover(failure -> Future.succeededFuture(decideLocally(key, policy)))
        .map(this::count);
  }

  /** This instance's share of the policy: every limit divided by the instances, rounded up. */
  private Decision decideLocally(String key, Policy policy) {
    int instances = Math.max(1, config.fallbackInstances());
    Policy share =
        instances == 1
            ? policy
            : localShares.computeIfAbsent(
                policy,
                p ->
                    new Policy(
                        p.name(),
                        p.windows().stream()
                            .map(
                                w ->
                                    new Policy.Window(
                                        w.name(),
                                        (w.limit() + instances - 1) / instances,
                                        w.seconds()))
                            .toList()));
    return local.decide(key, share);
  }

  /**
   * Loads the script at start-up, so the first burst of requests neither waits for it nor loads it
   * once per request (which, on a fresh instance, pushed calls past the timeout and onto the local
   * limiter). Redis unreachable at start is no error: the first decision loads it.
   */
  void loadAtStartup(@Observes StartupEvent event) {
    scriptSha()
        .onFailure(
            e ->
                LOG.infof(
                    "rate-limit script not loaded at start-up (%s); loading on first use",
                    e.getMessage()));
  }

  /** One SCRIPT LOAD in flight at a time, however many requests need the script. */
  private Future<String> scriptSha() {
    Future<String> current = loading.get();
    if (current != null) {
      return current;
    }
    Promise<String> promise = Promise.promise();
    if (!loading.compareAndSet(null, promise.future())) {
      return loading.get();
    }
    redis
        .script(List.of("LOAD", SCRIPT))
        .onComplete(
            result -> {
              loading.set(null);
              if (result.succeeded()) {
                sha = result.result().toString();
                promise.complete(sha);
              } else {
                promise.fail(result.cause());
              }
            });
    return promise.future();
  }

  /** Visible for the fallback test: true while the local limiter decides. */
  public boolean onFallback() {
    return fallback.get();
  }

  private Future<Decision> evaluate(String key, Policy policy) {
    List<String> args = new ArrayList<>();
    args.add(null);
    args.add("1");
    args.add(key);
    for (Policy.Window window : policy.windows()) {
      args.add(Integer.toString(window.limit()));
      args.add(Integer.toString(window.seconds()));
    }
    String known = sha;
    if (known == null) {
      return scriptSha().compose(loaded -> evaluate(key, policy));
    }
    args.set(0, known);
    return redis
        .evalsha(args)
        .map(response -> Decision.fromScript(longs(response), Decision.Backend.REDIS))
        .recover(
            failure -> {
              // a restarted or flushed Redis forgot the script: load it again
              if (failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")) {
                sha = null;
                return evaluate(key, policy);
              }
              return Future.failedFuture(failure);
            });
  }

  private boolean dueForRedisTry() {
    long now = System.currentTimeMillis();
    long last = lastRedisTry.get();
    return now - last >= config.redisRetryInterval().toMillis()
        && lastRedisTry.compareAndSet(last, now);
  }

  private void redisFailed(Throwable cause) {
    lastRedisTry.set(System.currentTimeMillis());
    if (consecutiveFailures.incrementAndGet() >= config.fallbackAfter()
        && fallback.compareAndSet(false, true)) {
      LOG.warnf(
          "Redis is unreachable for rate limiting (%s); this instance limits on its own until it"
              + " returns",
          cause.toString());
    }
  }

  private void redisAnswered() {
    consecutiveFailures.set(0);
    if (fallback.compareAndSet(true, false)) {
      LOG.info("Redis answers again; rate limits are shared across instances again");
    }
  }

  private Decision count(Decision decision) {
    int index = decision.backend().ordinal() * 2 + (decision.allowed() ? 0 : 1);
    decisions[index].increment();
    return decision;
  }

  private static List<Long> longs(Response response) {
    List<Long> values = new ArrayList<>(response.size());
    for (Response item : response) {
      values.add(item.toLong());
    }
    return values;
  }

  private static String loadScript() {
    try (InputStream in =
        RateLimiter.class.getClassLoader().getResourceAsStream("ratelimit/sliding-window.lua")) {
      if (in == null) {
        throw new IllegalStateException("ratelimit/sliding-window.lua is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
