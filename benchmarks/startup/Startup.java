import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-to-ready time and resident memory after load, per service: each packaged service is started
 * alone ({@code java -jar}), its readiness polled every 20 ms, then a fixed load of authenticated
 * GETs and metric scrapes is sent before its RSS is read from /proc.
 *
 * <p>Usage: java Startup.java ROOT PRIVATE_KEY_PEM ENV_FILE REQUESTS RUNS
 */
public class Startup {

  record Service(String name, int port, int management, String path) {}

  static final List<Service> SERVICES =
      List.of(
          new Service("gateway-service", 28280, 29280, "/api/v1/auth/me"),
          new Service("market-data-service", 28281, 29281, "/api/v1/market/symbols"),
          new Service("analysis-service", 28282, 29282, "/api/v1/analysis/AAPL/signals"),
          new Service("trading-service", 28283, 29283, "/api/v1/account"),
          new Service("alert-service", 28284, 29284, "/api/v1/alerts"));

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String token = token(Path.of(args[1]));
    Map<String, String> env = readEnv(Path.of(args[2]));
    int requests = Integer.parseInt(args[3]);
    int runs = Integer.parseInt(args[4]);
    System.out.println("| service | start to ready, ms (median of " + runs + ") | RSS after "
        + requests + " requests, MiB |");
    System.out.println("|---|---|---|");
    for (Service service : SERVICES) {
      long[] ready = new long[runs];
      long rss = 0;
      for (int run = 0; run < runs; run++) {
        Map<String, String> own = new HashMap<>(env);
        own.put("DATABASE_URL", env.get("DATABASE_URL_PREFIX") + "qv_bench_" + service.name.split("-")[0]);
        own.put("QUARKUS_HTTP_PORT", Integer.toString(service.port));
        own.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(service.management));
        ProcessBuilder builder =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    root.resolve(service.name + "/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "qv-startup-" + service.name + ".log").toFile());
        builder.environment().putAll(own);
        long start = System.nanoTime();
        Process process = builder.start();
        try {
          while (status("http://localhost:" + service.management + "/q/health/ready", null) != 200) {
            if (!process.isAlive() || System.nanoTime() - start > Duration.ofMinutes(2).toNanos()) {
              throw new IllegalStateException(service.name + " did not become ready; see /tmp/qv-startup-" + service.name + ".log");
            }
            Thread.sleep(20);
          }
          ready[run] = (System.nanoTime() - start) / 1_000_000;
          if (run == runs - 1) {
            for (int i = 0; i < requests; i++) {
              status("http://localhost:" + service.port + service.path, token);
              if (i % 10 == 0) {
                status("http://localhost:" + service.management + "/q/metrics", null);
              }
            }
            rss = rssKib(process.pid()) / 1024;
          }
        } finally {
          process.destroy();
          process.waitFor();
        }
      }
      java.util.Arrays.sort(ready);
      System.out.printf("| %s | %d | %d |%n", service.name, ready[runs / 2], rss);
    }
  }

  static int status(String url, String token) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static long rssKib(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static Map<String, String> readEnv(Path file) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  /** An RS256 admin token (all roles, otp) signed with the run's own key. */
  static String token(Path pem) throws Exception {
    String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    long now = Instant.now().getEpochSecond();
    String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String claims = b64("{\"iss\":\"quantvision\",\"sub\":\"bench-admin\",\"upn\":\"bench@quantvision.local\","
        + "\"groups\":[\"admin\",\"trader\",\"viewer\"],\"amr\":[\"pwd\",\"otp\"],\"auth_time\":" + now
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
