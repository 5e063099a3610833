package io.quantvision.alert.monitoring;

import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.db.Db;
import io.quantvision.alert.delivery.Channel;
import io.quantvision.alert.delivery.ChannelSettings;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Checks what the platform depends on: each service's readiness endpoint on its management
 * interface (in parallel, each bounded by the monitoring timeout), PostgreSQL, Redis, and the
 * delivery channels (from the outbox: configured, waiting, retrying, latest outcome).
 */
@ApplicationScoped
public class HealthProbe {

  private final AlertConfig config;
  private final Db db;
  private final RedisDataSource redis;
  private final ChannelSettings channels;
  private final HttpClient http;

  HealthProbe(AlertConfig config, Db db, RedisDataSource redis, ChannelSettings channels) {
    this.config = config;
    this.db = db;
    this.redis = redis;
    this.channels = channels;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.monitoring().timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public HealthReport check() {
    List<CompletableFuture<Readiness>> probes = new ArrayList<>();
    new TreeMap<>(config.monitoring().services())
        .forEach((name, url) -> probes.add(service(name, url)));
    Readiness postgres = postgres();
    Readiness redisReady = redis();
    List<Readiness> services = probes.stream().map(CompletableFuture::join).toList();
    List<ChannelState> channelStates = channelStates();
    boolean up =
        postgres.ready() && redisReady.ready() && services.stream().allMatch(Readiness::ready);
    return new HealthReport(
        up ? "UP" : "DOWN", Instant.now(), services, postgres, redisReady, channelStates);
  }

  private CompletableFuture<Readiness> service(String name, String baseUrl) {
    long started = System.nanoTime();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/q/health/ready"))
              .timeout(config.monitoring().timeout())
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new Readiness(name, false, "invalid URL " + baseUrl, 0));
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              long ms = (System.nanoTime() - started) / 1_000_000;
              if (error != null) {
                return new Readiness(
                    name, false, "unreachable: " + error.getClass().getSimpleName(), ms);
              }
              boolean ready = response.statusCode() == 200;
              return new Readiness(name, ready, ready ? "UP" : "HTTP " + response.statusCode(), ms);
            });
  }

  private Readiness postgres() {
    long started = System.nanoTime();
    try {
      db.count("SELECT 1");
      return new Readiness("postgresql", true, "UP", (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      return new Readiness(
          "postgresql",
          false,
          e.getClass().getSimpleName(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private Readiness redis() {
    long started = System.nanoTime();
    try {
      redis.execute("PING");
      return new Readiness("redis", true, "UP", (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      return new Readiness(
          "redis", false, e.getClass().getSimpleName(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  public List<ChannelState> channelStates() {
    Map<String, long[]> waiting = new HashMap<>();
    db.query(
        "SELECT channel, count(*), count(*) FILTER (WHERE attempts > 0) FROM delivery"
            + " WHERE status IN ('pending', 'sending') GROUP BY channel",
        rs -> waiting.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}));
    Map<String, Object[]> last = new HashMap<>();
    db.query(
        "SELECT DISTINCT ON (channel) channel, status, coalesce(delivered_at, next_attempt_at) AS at,"
            + " last_error FROM delivery WHERE status IN ('delivered', 'failed')"
            + " ORDER BY channel, coalesce(delivered_at, next_attempt_at) DESC",
        rs ->
            last.put(
                rs.getString(1),
                new Object[] {rs.getString(2), Db.instant(rs, "at"), rs.getString(4)}));
    List<ChannelState> states = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      long[] w = waiting.getOrDefault(channel.wire(), new long[] {0, 0});
      Object[] l = last.get(channel.wire());
      states.add(
          new ChannelState(
              channel.wire(),
              channels.configured(channel),
              w[0],
              w[1],
              l == null ? null : (String) l[0],
              l == null ? null : (Instant) l[1],
              l == null ? null : (String) l[2]));
    }
    return states;
  }
}
