import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order-submission load for the trading benchmark; JDK only (run with `java LoadGen.java`).
 *
 * <p>closed URL KEY USERS CONCURRENCY SECONDS: as fast as CONCURRENCY clients can go; prints TPS.
 * tokens URL KEY USERS FILE: writes the users' tokens as a Lua table for wrk (orders.lua). The JDK
 * HttpClient writes a POST's body after its headers without TCP_NODELAY, and each order then
 * waited for a delayed ACK (worker threads parked reading the body): closed-loop throughput is
 * measured with wrk, which sends a request in one write.
 * open URL KEY USERS RATE SECONDS: RATE orders/s on a fixed schedule, latency measured from the
 * scheduled time (no coordinated omission); prints percentiles.
 */
public class LoadGen {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  static final AtomicLong SEQ = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI url = URI.create(args[1] + "/api/v1/orders");
    PrivateKey key = readKey(Path.of(args[2]));
    int users = Integer.parseInt(args[3]);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      tokens.add(token(key, "bench-user-" + i));
    }
    String symbol = System.getenv().getOrDefault("BENCH_SYMBOL", "BENCH");
    if (mode.equals("tokens")) {
      // a Lua table for wrk's orders.lua: the same users, the same claims
      StringBuilder lua = new StringBuilder("tokens = {\n");
      tokens.forEach(t -> lua.append("  \"").append(t).append("\",\n"));
      Files.writeString(Path.of(args[4]), lua.append("}\n"));
    } else if (mode.equals("closed")) {
      closed(url, tokens, symbol, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    } else {
      open(url, tokens, symbol, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    }
  }

  static HttpRequest order(URI url, List<String> tokens, String symbol) {
    long n = SEQ.incrementAndGet();
    String body =
        "{\"symbol\":\"" + symbol + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":\"1\","
            + "\"time_in_force\":\"day\",\"client_order_id\":\"b-" + ProcessHandle.current().pid()
            + "-" + n + "\"}";
    return HttpRequest.newBuilder(url)
        .header("Authorization", "Bearer " + tokens.get((int) (n % tokens.size())))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static void closed(URI url, List<String> tokens, String symbol, int concurrency, int seconds)
      throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (System.nanoTime() < end) {
                      try {
                        int status = HTTP.send(order(url, tokens, symbol), HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 201 ? ok : failed).incrementAndGet();
                      } catch (Exception e) {
                        failed.incrementAndGet();
                      }
                    }
                  }));
    }
    for (Thread t : workers) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("closed concurrency=%d seconds=%.1f ok=%d failed=%d tps=%.1f%n",
        concurrency, elapsed, ok.get(), failed.get(), ok.get() / elapsed);
  }

  static void open(URI url, List<String> tokens, String symbol, int rate, int seconds)
      throws Exception {
    long interval = 1_000_000_000L / rate;
    int total = rate * seconds;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failed = new AtomicLong();
    List<CompletableFuture<?>> inflight = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * interval;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      inflight.add(
          HTTP.sendAsync(order(url, tokens, symbol), HttpResponse.BodyHandlers.discarding())
              .handle(
                  (response, error) -> {
                    if (error != null || response.statusCode() != 201) {
                      failed.incrementAndGet();
                    } else {
                      latencies.add(System.nanoTime() - scheduled);
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new)).join();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "open rate=%d seconds=%d ok=%d failed=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
        rate, seconds, sorted.length, failed.get(), pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  static PrivateKey readKey(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** An RS256 JWT as the gateway issues it: trader, TOTP passed just now. */
  static String token(PrivateKey key, String user) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String claims =
        b64("{\"iss\":\"quantvision\",\"sub\":\"" + user + "\",\"upn\":\"" + user + "@bench\","
            + "\"groups\":[\"trader\"],\"amr\":[\"pwd\",\"otp\"],\"auth_time\":" + now
            + ",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
