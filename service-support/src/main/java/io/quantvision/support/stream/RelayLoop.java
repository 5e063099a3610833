package io.quantvision.support.stream;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * The background thread of a relay (the {@link OutboxRelay}, and relays a service keeps of its own
 * such as market-data's bar publisher): runs a relay step again at once while it reports a full
 * batch, otherwise waits for {@link #wakeUp} or the poll interval; a failing step is retried after
 * a back-off growing from 250 ms to 10 s. Every few seconds it also runs a housekeeping task (a
 * pending-count gauge).
 */
public final class RelayLoop {

  private static final Logger LOG = Logger.getLogger(RelayLoop.class);
  private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(5);

  private final String name;
  private final IntSupplier step;
  private final int fullBatch;
  private final Duration pollInterval;
  private final Runnable housekeeping;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  /**
   * @param step relays one batch and returns how many items went out
   * @param fullBatch a step returning at least this many is run again without waiting
   */
  public RelayLoop(
      String name, IntSupplier step, int fullBatch, Duration pollInterval, Runnable housekeeping) {
    this.name = name;
    this.step = step;
    this.fullBatch = fullBatch;
    this.pollInterval = pollInterval;
    this.housekeeping = housekeeping;
  }

  public void start() {
    running = true;
    thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
  }

  /** Stops the thread, waiting up to five seconds for a step under way. */
  public void stop() {
    running = false;
    wake.release();
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Something was committed for this relay: run now rather than at the next poll. */
  public void wakeUp() {
    wake.release();
  }

  private void loop() {
    long backoffMillis = 0;
    long nextHousekeeping = 0;
    while (running) {
      try {
        if (System.nanoTime() >= nextHousekeeping) {
          housekeeping.run();
          nextHousekeeping = System.nanoTime() + HOUSEKEEPING_EVERY.toNanos();
        }
        int relayed = step.getAsInt();
        backoffMillis = 0;
        if (relayed < fullBatch) {
          wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        backoffMillis = Math.min(Math.max(backoffMillis * 2, 250), 10_000);
        LOG.warnf("%s failed (%s); retrying in %d ms", name, rootMessage(e), backoffMillis);
        sleep(backoffMillis);
      }
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
