import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for the alert benchmark; JDK only (run with `java AlertLoad.java`). It is also the
 * PagerDuty stub: an HTTP server on STUB_PORT answering Events API v2 calls with 202 and recording
 * when each dedup key's trigger arrived.
 *
 * <p>AlertLoad STUB_PORT SERVICE_URL TOKEN RATE SECONDS WARMUP_SECONDS CONCURRENCY
 *
 * <ol>
 *   <li>baseline: CONCURRENCY clients POST events straight to the stub for SECONDS (what the
 *       delivery path could at most reach on this machine);
 *   <li>intake → delivery: RATE alerts/s on a fixed schedule for SECONDS, each alert sent twice
 *       (an HA Alertmanager pair), latency measured from the scheduled time (no coordinated
 *       omission) to the webhook's answer and to the trigger's arrival at the stub.
 * </ol>
 */
public class AlertLoad {

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(16))
          .build();
  static final Pattern KEY = Pattern.compile("\"dedup_key\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern ACTION = Pattern.compile("\"event_action\"\\s*:\\s*\"([^\"]+)\"");
  static final Map<String, Long> arrived = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> triggers = new ConcurrentHashMap<>();
  static final AtomicLong stubRequests = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int stubPort = Integer.parseInt(args[0]);
    String service = args[1];
    String token = args[2];
    int rate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    int concurrency = Integer.parseInt(args[6]);
    startStub(stubPort);

    System.out.println(baseline("http://127.0.0.1:" + stubPort + "/v2/enqueue", concurrency, seconds));
    if (warmup > 0) {
      run(service, token, Math.max(1, rate / 5), warmup, "warmup");
    }
    System.out.println(run(service, token, rate, seconds, "bench"));
    System.exit(0);
  }

  static void startStub(int port) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/v2/enqueue",
        exchange -> {
          long now = System.nanoTime();
          String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          stubRequests.incrementAndGet();
          Matcher key = KEY.matcher(body);
          Matcher action = ACTION.matcher(body);
          String k = key.find() ? key.group(1) : "";
          if (action.find() && action.group(1).equals("trigger")) {
            arrived.putIfAbsent(k, now);
            triggers.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
          }
          byte[] answer =
              ("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + k + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(202, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  static String baseline(String url, int concurrency, int seconds) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong ok = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      int id = c;
      Thread t =
          new Thread(
              () -> {
                long n = 0;
                while (System.nanoTime() < end) {
                  String body =
                      "{\"routing_key\":\"bench\",\"event_action\":\"acknowledge\",\"dedup_key\":\"base-"
                          + id + "-" + (n++) + "\"}";
                  try {
                    HttpResponse<Void> r =
                        HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 202) {
                      ok.incrementAndGet();
                    }
                  } catch (Exception e) {
                    // counted as not ok
                  }
                }
              });
      t.start();
      clients.add(t);
    }
    for (Thread t : clients) {
      t.join();
    }
    return String.format(
        "baseline stub-direct concurrency=%d seconds=%d ok=%d per_s=%.1f",
        concurrency, seconds, ok.get(), ok.get() / (double) seconds);
  }

  static String run(String service, String token, int rate, int seconds, String label) throws Exception {
    URI url = URI.create(service + "/api/v1/alerts/webhook/alertmanager");
    int total = rate * seconds;
    long[] scheduled = new long[total];
    String[] keys = new String[total];
    long[] intake = new long[total * 2];
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    String run = label + "-" + Long.toString(System.nanoTime(), 36);
    long start = System.nanoTime() + 100_000_000L;
    long interval = 1_000_000_000L / rate;
    for (int i = 0; i < total; i++) {
      long at = start + i * interval;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String key = run + "-" + i;
      keys[i] = key;
      scheduled[i] = at;
      String body = payload(key);
      for (int copy = 0; copy < 2; copy++) {
        int slot = i * 2 + copy;
        HttpRequest request =
            HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        inFlight.add(
            HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (r, e) -> {
                      intake[slot] = System.nanoTime() - at;
                      if (e != null || r.statusCode() != 200) {
                        failed.incrementAndGet();
                      }
                    }));
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      int done = 0;
      for (String k : keys) {
        if (arrived.containsKey(k)) {
          done++;
        }
      }
      if (done == total) {
        break;
      }
      Thread.sleep(100);
    }
    List<Double> e2e = new ArrayList<>();
    long last = 0;
    int duplicates = 0;
    for (int i = 0; i < total; i++) {
      Long got = arrived.get(keys[i]);
      if (got != null) {
        e2e.add((got - scheduled[i]) / 1e6);
        last = Math.max(last, got);
        AtomicInteger n = triggers.get(keys[i]);
        if (n != null && n.get() > 1) {
          duplicates += n.get() - 1;
        }
      }
    }
    List<Double> in = new ArrayList<>();
    for (long v : intake) {
      in.add(v / 1e6);
    }
    double span = (last - start) / 1e9;
    return String.format(
        "%s rate=%d seconds=%d alerts=%d webhook_calls=%d webhook_failed=%d intake_p50_ms=%.1f intake_p99_ms=%.1f"
            + " delivered=%d duplicate_pages=%d delivered_per_s=%.1f e2e_p50_ms=%.1f e2e_p99_ms=%.1f e2e_max_ms=%.1f",
        label, rate, seconds, total, total * 2, failed.get(), pct(in, 0.5), pct(in, 0.99), e2e.size(),
        duplicates, span > 0 ? e2e.size() / span : 0, pct(e2e, 0.5), pct(e2e, 0.99), pct(e2e, 1.0));
  }

  static String payload(String fingerprint) {
    String now = Instant.now().toString();
    return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"Bench\\\"}\",\"truncatedAlerts\":0,"
        + "\"status\":\"firing\",\"receiver\":\"alert-service-critical\",\"groupLabels\":{},"
        + "\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://am:9093\","
        + "\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"Bench\",\"severity\":\"critical\","
        + "\"instance\":\"" + fingerprint + "\"},\"annotations\":{\"summary\":\"bench\"},"
        + "\"startsAt\":\"" + now + "\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"\","
        + "\"fingerprint\":\"" + fingerprint + "\"}]}";
  }

  static double pct(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
