import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop GET load for the market-data query benchmark; JDK only (`java QueryLoad.java URL RATE
 * SECONDS [WARMUP_SECONDS]`, the bearer token in BENCH_TOKEN). Requests leave on a fixed schedule whatever the
 * answers do, and each latency is measured from the request's scheduled time, so a slow answer
 * cannot lower the rate offered or hide the queueing it causes (no coordinated omission; wrk's
 * paced connections, used before, offered only ~150 of 200 req/s once answers took 6 ms).
 * The warm-up (10 s by default) runs at the same rate in the same JVM and is not counted: a
 * client started cold spends its first half second opening connections and compiling its own
 * HTTP stack, which showed as 200-350 ms answers and made up the whole p99 of a 30 s run.
 * Prints one line: offered and achieved rate, p50 / p99 / max in ms, failures.
 */
public class QueryLoad {

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    String token = System.getenv("BENCH_TOKEN");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();

    if (warmup > 0) {
      run(http, request, rate, new long[rate * warmup]);
    }
    int total = rate * seconds;
    long[] latencies = new long[total];
    long begin = System.nanoTime();
    long failures = run(http, request, rate, latencies);
    double elapsed = (System.nanoTime() - begin) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(
        "offered_per_s=%d achieved_per_s=%.1f requests=%d failed=%d p50_ms=%.2f p99_ms=%.2f"
            + " max_ms=%.2f%n",
        rate,
        total / elapsed,
        total,
        failures,
        latencies[total / 2] / 1e6,
        latencies[(int) (total * 0.99)] / 1e6,
        latencies[total - 1] / 1e6);
  }

  /**
   * Sends {@code latencies.length} requests at {@code rate} per second, each latency measured from
   * its scheduled time into {@code latencies}; returns how many failed.
   */
  private static long run(HttpClient http, HttpRequest request, int rate, long[] latencies) {
    int total = latencies.length;
    long period = 1_000_000_000L / rate;
    AtomicLong failures = new AtomicLong();
    CompletableFuture<?>[] calls = new CompletableFuture<?>[total];
    long begin = System.nanoTime() + 50_000_000L;
    for (int i = 0; i < total; i++) {
      long scheduled = begin + i * period;
      long wait;
      while ((wait = scheduled - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int n = i;
      calls[i] =
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (response, error) -> {
                    latencies[n] = System.nanoTime() - scheduled;
                    if (error != null || response.statusCode() != 200) {
                      failures.incrementAndGet();
                    }
                    return null;
                  });
    }
    CompletableFuture.allOf(calls).join();
    return failures.get();
  }
}
