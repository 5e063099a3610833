import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Open-loop HTTP load for the trading and gateway benchmarks; JDK only (run with `java
 * LoadGen.java`).
 *
 * <ul>
 *   <li>tokens URL KEY USERS FILE: writes the users' tokens as a Lua table for wrk (orders.lua),
 *       which measures the closed-loop throughput.
 *   <li>open URL KEY USERS RATE SECONDS WARMUP_SECONDS: RATE market orders/s on a fixed schedule,
 *       first WARMUP_SECONDS not counted (a fresh JVM needs tens of seconds at the target rate
 *       before its figures settle), then SECONDS measured; latency from the scheduled time (no
 *       coordinated omission) to the 201; prints percentiles.
 *   <li>get URL KEY USERS RATE SECONDS WARMUP_SECONDS: the same schedule, a GET of URL (path
 *       included) with the users' bearer tokens in turn, each answer expected to be a 200 (the
 *       gateway benchmark's added latency at a fixed rate).
 * </ul>
 *
 * <p>HTTP/1.1 over plain sockets: keep-alive connections, one request in flight on each, every
 * request written in one piece with TCP_NODELAY. The JDK HttpClient used before wrote a POST's
 * body after its headers, and the service waited for a delayed ACK (~40 ms) before it had the
 * body: that, not the service, was the open-loop p99.
 */
public class LoadGen {

  static final byte[] CRLF2 = {'\r', '\n', '\r', '\n'};
  static final int CONNECTIONS = Integer.parseInt(System.getenv().getOrDefault("CONNECTIONS", "64"));

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI base = URI.create(args[1]);
    PrivateKey key = readKey(Path.of(args[2]));
    int users = Integer.parseInt(args[3]);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      tokens.add(token(key, "bench-user-" + i));
    }
    if (mode.equals("tokens")) {
      // a Lua table for wrk's orders.lua: the same users, the same claims
      StringBuilder lua = new StringBuilder("tokens = {\n");
      tokens.forEach(t -> lua.append("  \"").append(t).append("\",\n"));
      Files.writeString(Path.of(args[4]), lua.append("}\n"));
      return;
    }
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    int warmup = Integer.parseInt(args[6]);
    Client client = new Client(base, CONNECTIONS);
    Load load;
    if (mode.equals("get")) {
      String target = base.getRawPath() + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery());
      load = new Load(200, (run, i) -> get(client, target, tokens.get(i % tokens.size())));
    } else {
      String symbol = System.getenv().getOrDefault("BENCH_SYMBOL", "BENCH");
      load = new Load(201, (run, i) -> order(client, tokens.get(i % tokens.size()), symbol, run, i));
    }
    if (warmup > 0) {
      run(client, load, rate, warmup, "warmup");
    }
    System.out.println(run(client, load, rate, seconds, mode.equals("get") ? "get" : "open"));
    System.exit(0);
  }

  /** What each scheduled request is (from the run's label and its index) and the status it wants. */
  record Load(int expected, java.util.function.BiFunction<String, Integer, byte[]> request) {}

  static String run(Client client, Load load, int rate, int seconds, String label)
      throws InterruptedException {
    int total = rate * seconds;
    long[] latency = new long[total];
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger firstStatus = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(total);
    String run = label + "-" + Long.toString(System.nanoTime(), 36);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime() + 100_000_000L;
    for (int i = 0; i < total; i++) {
      long at = start + i * interval;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      int slot = i;
      client.submit(
          new Job(
              load.request().apply(run, i),
              status -> {
                latency[slot] = System.nanoTime() - at;
                if (status != load.expected()) {
                  failed.incrementAndGet();
                  firstStatus.compareAndSet(0, status);
                }
                answered.countDown();
              }));
    }
    if (!answered.await(120, TimeUnit.SECONDS)) {
      return label + " rate=" + rate + ": " + answered.getCount() + " orders never answered";
    }
    double[] ms = Arrays.stream(latency).mapToDouble(v -> v / 1e6).sorted().toArray();
    return String.format(
        "%s rate=%d seconds=%d requests=%d failed=%d%s p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f"
            + " p999_ms=%.2f max_ms=%.2f",
        label,
        rate,
        seconds,
        total,
        failed.get(),
        failed.get() == 0 ? "" : " (first status " + firstStatus.get() + ")",
        pct(ms, 0.50),
        pct(ms, 0.95),
        pct(ms, 0.99),
        pct(ms, 0.999),
        ms[ms.length - 1]);
  }

  /** A request and what to do with the status it got (-1: no answer). */
  record Job(byte[] request, IntConsumer done) {}

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
            status = readResponse(in);
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

  /** A market order to buy one share, its client_order_id unique to the run. */
  static byte[] order(Client client, String token, String symbol, String run, int i) {
    String body =
        "{\"symbol\":\""
            + symbol
            + "\",\"side\":\"buy\",\"type\":\"market\",\"qty\":\"1\","
            + "\"time_in_force\":\"day\",\"client_order_id\":\""
            + run
            + "-"
            + i
            + "\"}";
    return post(client, "/api/v1/orders", token, body);
  }

  static byte[] get(Client client, String target, String token) {
    return ("GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + client.host
            + ":"
            + client.port
            + "\r\nAuthorization: Bearer "
            + token
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] post(Client client, String path, String token, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + client.host
            + ":"
            + client.port
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + content.length
            + "\r\nAuthorization: Bearer "
            + token
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
    System.arraycopy(content, 0, all, headBytes.length, content.length);
    return all;
  }

  /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
  static int readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(256);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      head.append((char) b);
      matched = b == CRLF2[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString();
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      } else if (line.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
        throw new IOException("chunked answers are not expected from the benchmarked APIs");
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(text.substring(9, 12));
  }

  static double pct(double[] sorted, double p) {
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  static PrivateKey readKey(Path pem) throws Exception {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** An RS256 JWT as the gateway issues it: trader, TOTP passed just now. */
  static String token(PrivateKey key, String user) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String claims =
        b64(
            "{\"iss\":\"quantvision\",\"sub\":\""
                + user
                + "\",\"upn\":\""
                + user
                + "@bench\","
                + "\"groups\":[\"trader\"],\"amr\":[\"pwd\",\"otp\"],\"auth_time\":"
                + now
                + ",\"iat\":"
                + now
                + ",\"exp\":"
                + (now + 3600)
                + "}");
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
    return header
        + "."
        + claims
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
