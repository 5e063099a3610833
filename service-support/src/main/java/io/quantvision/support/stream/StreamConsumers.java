package io.quantvision.support.stream;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts one consumer loop per {@link StreamHandler} bean at start-up, in the consumer group named
 * after the service, and stops them at shutdown (each finishes the entry in hand).
 */
@ApplicationScoped
public class StreamConsumers {

  private final Instance<StreamHandler> handlers;
  private final RedisDataSource redis;
  private final AgroalDataSource dataSource;
  private final StreamSettings settings;
  private final MeterRegistry registry;
  private final String group;
  private final List<ConsumerLoop> loops = new ArrayList<>();

  StreamConsumers(
      Instance<StreamHandler> handlers,
      RedisDataSource redis,
      AgroalDataSource dataSource,
      StreamSettings settings,
      MeterRegistry registry,
      @ConfigProperty(name = "quarkus.application.name") String group) {
    this.handlers = handlers;
    this.redis = redis;
    this.dataSource = dataSource;
    this.settings = settings;
    this.registry = registry;
    this.group = group;
  }

  void start(@Observes StartupEvent event) {
    String consumer = consumerName();
    for (StreamHandler handler : handlers) {
      ConsumerLoop loop =
          new ConsumerLoop(handler, group, consumer, redis, dataSource, settings, registry);
      loops.add(loop);
      loop.start();
    }
  }

  void stop(@Observes ShutdownEvent event) {
    loops.forEach(ConsumerLoop::stop);
  }

  /** The group this service consumes in (its application name). */
  public String group() {
    return group;
  }

  /** Host name plus a per-process suffix: two instances on one host are two consumers. */
  private static String consumerName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "host";
      }
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
