import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
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
 *   <li>warm-up: WARMUP_SECONDS of the same load, not counted (every answer and page of it is
 *       waited for before the measured run starts);
 *   <li>intake → delivery: RATE alerts/s on a fixed schedule for SECONDS, each alert sent twice
 *       (an HA Alertmanager pair), latency measured from the scheduled time (no coordinated
 *       omission) to the webhook's answer and to the trigger's arrival at the stub.
 * </ol>
 *
 * <p>Client and stub speak HTTP/1.1 over plain sockets (keep-alive, one request in flight per
 * connection, each request written in one piece). The JDK HttpClient and HttpServer used before
 * cost about 2.5 ms of CPU per alert between them — as much as the service itself, on the same
 * two cores — and the client's separate header and body writes met delayed ACKs, which put tens
 * of milliseconds on some answers that the service had not spent.
 */
public class AlertLoad {

  static final Pattern KEY = Pattern.compile("\"dedup_key\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern ACTION = Pattern.compile("\"event_action\"\\s*:\\s*\"([^\"]+)\"");
  static final Map<String, Long> arrived = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> triggers = new ConcurrentHashMap<>();
  static final AtomicLong stubRequests = new AtomicLong();
  static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};

  /** Connections to the service: enough that a slow answer does not hold up the schedule. */
  static final int CONNECTIONS = 64;

  public static void main(String[] args) throws Exception {
    int stubPort = Integer.parseInt(args[0]);
    String service = args[1];
    String token = args[2];
    int rate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    int concurrency = Integer.parseInt(args[6]);
    startStub(stubPort);

    System.out.println(baseline(stubPort, concurrency, seconds));
    Client client = new Client(URI.create(service), CONNECTIONS);
    if (warmup > 0) {
      // at the measured rate: a JVM warmed at a fifth of it was still compiling its hot paths in
      // the measured seconds (first run after a start: p99 ~500 ms, the next ones ~100-120 ms)
      run(client, token, rate, warmup, "warmup");
    }
    System.out.println(run(client, token, rate, seconds, "bench"));
    System.exit(0);
  }

  // ---------------------------------------------------------------- the PagerDuty stub

  static void startStub(int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    Thread acceptor =
        new Thread(
            () -> {
              while (true) {
                try {
                  Socket s = server.accept();
                  s.setTcpNoDelay(true);
                  Thread t = new Thread(() -> serve(s), "stub-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "stub-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = socket.getOutputStream();
      while (true) {
        byte[] body = readMessage(in);
        if (body == null) {
          return;
        }
        long now = System.nanoTime();
        String text = new String(body, StandardCharsets.UTF_8);
        stubRequests.incrementAndGet();
        Matcher key = KEY.matcher(text);
        Matcher action = ACTION.matcher(text);
        String k = key.find() ? key.group(1) : "";
        if (action.find() && action.group(1).equals("trigger")) {
          arrived.putIfAbsent(k, now);
          triggers.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
        }
        byte[] answer =
            ("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + k + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(
            concat(
                ("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: "
                        + answer.length
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII),
                answer));
        out.flush();
      }
    } catch (IOException e) {
      // the service closed the connection
    }
  }

  // ---------------------------------------------------------------- HTTP/1.1 over sockets

  /** A request to send at a scheduled time; {@code done} gets the status (or -1). */
  record Job(byte[] request, long scheduled, java.util.function.IntConsumer done) {}

  /** CONNECTIONS keep-alive connections, each with one request in flight at most. */
  static final class Client {
    final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    final String host;
    final int port;

    Client(URI base, int connections) {
      this.host = base.getHost();
      this.port = base.getPort();
      for (int i = 0; i < connections; i++) {
        Thread t = new Thread(this::work, "client-" + i);
        t.setDaemon(true);
        t.start();
      }
    }

    void submit(Job job) {
      jobs.add(job);
    }

    private void work() {
      Socket socket = null;
      InputStream in = null;
      OutputStream out = null;
      while (true) {
        Job job;
        try {
          job = jobs.take();
        } catch (InterruptedException e) {
          return;
        }
        int status = -1;
        for (int attempt = 0; attempt < 2 && status < 0; attempt++) {
          try {
            if (socket == null) {
              socket = new Socket(host, port);
              socket.setTcpNoDelay(true);
              in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
              out = socket.getOutputStream();
            }
            out.write(job.request());
            out.flush();
            int[] code = new int[1];
            if (readMessage(in, code) == null) {
              throw new IOException("connection closed");
            }
            status = code[0];
          } catch (IOException e) {
            try {
              if (socket != null) {
                socket.close();
              }
            } catch (IOException ignored) {
              // closing anyway
            }
            socket = null;
          }
        }
        job.done().accept(status);
      }
    }
  }

  static byte[] post(String host, int port, String path, String token, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + content.length
            + (token == null ? "" : "\r\nAuthorization: Bearer " + token)
            + "\r\n\r\n";
    return concat(head.getBytes(StandardCharsets.US_ASCII), content);
  }

  static byte[] readMessage(InputStream in) throws IOException {
    return readMessage(in, null);
  }

  /**
   * Reads one HTTP/1.1 message (request or response) with a Content-Length body; null at end of
   * stream. The status code of a response goes to {@code status[0]}.
   */
  static byte[] readMessage(InputStream in, int[] status) throws IOException {
    StringBuilder head = new StringBuilder(256);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
      matched = b == CRLF2[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString();
    if (status != null) {
      status[0] = Integer.parseInt(text.substring(9, 12));
    }
    int length = 0;
    boolean chunked = false;
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      } else if (line.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
        chunked = line.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      }
    }
    if (!chunked) {
      return in.readNBytes(length);
    }
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  // ---------------------------------------------------------------- the runs

  static String baseline(int stubPort, int concurrency, int seconds) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong ok = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      int id = c;
      Thread t =
          new Thread(
              () -> {
                long n = 0;
                try (Socket s = new Socket("127.0.0.1", stubPort)) {
                  s.setTcpNoDelay(true);
                  InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
                  OutputStream out = s.getOutputStream();
                  int[] status = new int[1];
                  while (System.nanoTime() < end) {
                    String body =
                        "{\"routing_key\":\"bench\",\"event_action\":\"acknowledge\",\"dedup_key\":\"base-"
                            + id + "-" + (n++) + "\"}";
                    out.write(post("127.0.0.1", stubPort, "/v2/enqueue", null, body));
                    out.flush();
                    if (readMessage(in, status) != null && status[0] == 202) {
                      ok.incrementAndGet();
                    }
                  }
                } catch (IOException e) {
                  // counted as not ok
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

  static String run(Client client, String token, int rate, int seconds, String label)
      throws Exception {
    int total = rate * seconds;
    long[] scheduled = new long[total];
    String[] keys = new String[total];
    long[] intake = new long[total * 2];
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(total * 2);
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
      byte[] request =
          post(
              client.host,
              client.port,
              "/api/v1/alerts/webhook/alertmanager",
              token,
              payload(key));
      for (int copy = 0; copy < 2; copy++) {
        int slot = i * 2 + copy;
        client.submit(
            new Job(
                request,
                at,
                status -> {
                  intake[slot] = System.nanoTime() - at;
                  if (status != 200) {
                    failed.incrementAndGet();
                  }
                  answered.countDown();
                }));
      }
    }
    answered.await(60, java.util.concurrent.TimeUnit.SECONDS);
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
    String trace = System.getenv("ALERTLOAD_TRACE"); // a file: per alert, ms since start
    if (trace != null && label.equals("bench")) {
      try (java.io.PrintWriter w = new java.io.PrintWriter(trace)) {
        for (int i = 0; i < total; i++) {
          Long got = arrived.get(keys[i]);
          w.printf(
              "%d %.1f %.1f %.1f%n",
              i,
              (scheduled[i] - start) / 1e6,
              Math.max(intake[2 * i], intake[2 * i + 1]) / 1e6,
              got == null ? -1 : (got - scheduled[i]) / 1e6);
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
