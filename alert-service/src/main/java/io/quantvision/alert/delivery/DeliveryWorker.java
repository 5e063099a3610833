package io.quantvision.alert.delivery;

import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.metrics.AlertMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Sends the delivery outbox: one loop per channel claims due deliveries (at most one per dedup key
 * at a time), sends them paced, and records each outcome. Throttling, server errors and unreachable
 * destinations are retried with exponential backoff (or after the server's {@code Retry-After},
 * which also pauses the whole channel); other 4xx answers fail the delivery. A new delivery wakes
 * the loop at once after its transaction commits.
 */
@ApplicationScoped
public class DeliveryWorker {

  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

  private final DeliveryStore store;
  private final PagerDutyClient pagerDuty;
  private final SlackClient slack;
  private final EmailClient email;
  private final ChannelSettings settings;
  private final AlertMetrics metrics;
  private final AlertConfig config;
  private final Map<Channel, Pacer> pacers = new EnumMap<>(Channel.class);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private long wakeups;
  private volatile boolean running;
  private ExecutorService loops;
  private ExecutorService senders;

  DeliveryWorker(
      DeliveryStore store,
      PagerDutyClient pagerDuty,
      SlackClient slack,
      EmailClient email,
      ChannelSettings settings,
      AlertMetrics metrics,
      AlertConfig config) {
    this.store = store;
    this.pagerDuty = pagerDuty;
    this.slack = slack;
    this.email = email;
    this.settings = settings;
    this.metrics = metrics;
    this.config = config;
    pacers.put(Channel.PAGERDUTY, new Pacer(config.pagerduty().ratePerMinute()));
    pacers.put(Channel.SLACK, new Pacer(config.slack().ratePerMinute()));
    pacers.put(Channel.EMAIL, new Pacer(config.email().ratePerMinute()));
  }

  void start(@Observes StartupEvent event) {
    if (!config.delivery().enabled()) {
      LOG.warn("delivery worker disabled (alert.delivery.enabled=false)");
      return;
    }
    running = true;
    loops = Executors.newFixedThreadPool(Channel.values().length, named("alert-delivery"));
    senders = Executors.newFixedThreadPool(16, named("alert-send"));
    for (Channel channel : Channel.values()) {
      loops.submit(() -> loop(channel));
    }
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    wake();
    if (loops != null) {
      loops.shutdownNow();
      senders.shutdownNow();
    }
  }

  /** Something new is due: stop waiting. */
  public void wake() {
    lock.lock();
    try {
      wakeups++;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop(Channel channel) {
    Pacer pacer = pacers.get(channel);
    while (running) {
      long seen;
      lock.lock();
      try {
        seen = wakeups;
      } finally {
        lock.unlock();
      }
      try {
        Duration paused = pacer.pausedFor();
        if (!paused.isZero()) {
          sleep(paused);
          continue;
        }
        if (!settings.configured(channel)) {
          idle(seen);
          continue;
        }
        List<DeliveryStore.Claimed> batch = store.claim(channel, config.delivery().batchSize());
        if (batch.isEmpty()) {
          idle(seen);
          continue;
        }
        sendAll(channel, pacer, batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.errorf(e, "delivery loop for %s failed; retrying", channel.wire());
        try {
          sleep(config.delivery().pollInterval());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void sendAll(Channel channel, Pacer pacer, List<DeliveryStore.Claimed> batch)
      throws InterruptedException {
    List<Future<Boolean>> inFlight = new ArrayList<>();
    for (DeliveryStore.Claimed claimed : batch) {
      pacer.acquire();
      inFlight.add(senders.submit(() -> sendOne(channel, pacer, claimed)));
    }
    // the delivered ones are recorded together: one statement per batch, not per message
    List<Long> delivered = new ArrayList<>();
    for (int i = 0; i < inFlight.size(); i++) {
      try {
        if (inFlight.get(i).get()) {
          delivered.addAll(batch.get(i).ids());
        }
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.errorf(e.getCause(), "sending a %s delivery failed", channel.wire());
      }
    }
    record(() -> store.delivered(delivered));
  }

  /** Sends one delivery and records a failure; true when delivered (recorded by the caller). */
  private boolean sendOne(Channel channel, Pacer pacer, DeliveryStore.Claimed c) {
    if (!pacer.pausedFor().isZero()) {
      // the destination asked us to wait while this one was queued: put it back untried
      store.retry(c, Instant.now().plus(pacer.pausedFor()), "waiting for Retry-After");
      return false;
    }
    SendResult result =
        switch (channel) {
          case PAGERDUTY -> pagerDuty.send(c.payload());
          case SLACK -> slack.send(c.payload());
          case EMAIL -> email.send(c.recipient(), c.payload());
        };
    switch (result.kind()) {
      case DELIVERED -> {
        c.ids().forEach(id -> metrics.delivery(channel, "delivered"));
        return true;
      }
      case FAILED -> {
        LOG.errorf(
            "%s %s of alert %s refused: %s",
            channel.wire(), c.action().wire(), c.alertId(), result.detail());
        record(() -> store.failed(c, result.detail()));
        c.ids().forEach(id -> metrics.delivery(channel, "failed"));
      }
      case RETRY -> retry(channel, pacer, c, result);
    }
    return false;
  }

  private void retry(Channel channel, Pacer pacer, DeliveryStore.Claimed c, SendResult result) {
    Instant now = Instant.now();
    if (c.createdAt().plus(store.giveUpAfter()).isBefore(now)) {
      LOG.errorf(
          "%s %s of alert %s given up after %d attempts: %s",
          channel.wire(), c.action().wire(), c.alertId(), c.attempts(), result.detail());
      record(() -> store.failed(c, "given up: " + result.detail()));
      metrics.delivery(channel, "failed");
      return;
    }
    Duration delay = result.retryAfter().orElseGet(() -> backoff(c.attempts()));
    if (result.retryAfter().isPresent()) {
      pacer.pauseUntil(now.plus(delay));
    }
    LOG.warnf(
        "%s %s of alert %s failed (attempt %d): %s; next in %d ms",
        channel.wire(),
        c.action().wire(),
        c.alertId(),
        c.attempts(),
        result.detail(),
        delay.toMillis());
    record(() -> store.retry(c, now.plus(delay), result.detail()));
    c.ids().forEach(id -> metrics.delivery(channel, "retried"));
  }

  // The channel has the message: losing the outcome now would send it again when the lease runs
  // out, so a briefly unavailable database (pool exhausted, failover) is waited out a little.
  private void record(Runnable outcome) {
    for (int attempt = 1; ; attempt++) {
      try {
        outcome.run();
        return;
      } catch (RuntimeException e) {
        if (attempt >= 5) {
          throw e;
        }
        LOG.warnf("recording a delivery outcome failed (attempt %d): %s", attempt, e.getMessage());
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private Duration backoff(int attempts) {
    long base = config.delivery().backoffBase().toMillis();
    long max = config.delivery().backoffMax().toMillis();
    long exp = base << Math.min(Math.max(attempts - 1, 0), 20);
    long capped = Math.min(exp, max);
    // +-20% jitter: instances that failed together do not retry in lockstep
    long jitter = (long) (capped * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
    return Duration.ofMillis(Math.max(1, capped + jitter));
  }

  private void idle(long seen) throws InterruptedException {
    lock.lock();
    try {
      if (wakeups == seen) {
        work.await(config.delivery().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(Math.max(1, Math.min(d.toMillis(), 1000)));
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
