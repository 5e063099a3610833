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
 * SECONDS`, the bearer token in BENCH_TOKEN). Requests leave on a fixed schedule whatever the
 * answers do, and each latency is measured from the request's scheduled time, so a slow answer
 * cannot lower the rate offered or hide the queueing it causes (no coordinated omission; wrk's
 * paced connections, used before, offered only ~150 of 200 req/s once answers took 6 ms).
 * Prints one line: offered and achieved rate, p50 / p99 / max in ms, failures.
 */
public class QueryLoad {

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
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

    int total = rate * seconds;
    long period = 1_000_000_000L / rate;
    long[] latencies = new long[total];
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
    double elapsed = (System.nanoTime() - begin) / 1e9;
    Arrays.sort(latencies);
    System.out.printf(
        "offered_per_s=%d achieved_per_s=%.1f requests=%d failed=%d p50_ms=%.2f p99_ms=%.2f"
            + " max_ms=%.2f%n",
        rate,
        total / elapsed,
        total,
        failures.get(),
        latencies[total / 2] / 1e6,
        latencies[(int) (total * 0.99)] / 1e6,
        latencies[total - 1] / 1e6);
  }
}
