package io.quantvision.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.gateway.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that keeps connections alive and then closes one as the next request on it arrives,
 * unanswered (what a keep-alive timeout on the upstream's side looks like to a proxy): a safe
 * request is sent once more on a fresh connection; a POST never is.
 */
@QuarkusTest
@TestProfile(ClosedConnectionRetryTest.ClosingUpstream.class)
class ClosedConnectionRetryTest {

  public static class ClosingUpstream implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("qv.upstreams.trading-url", "http://127.0.0.1:" + UPSTREAM.port());
    }
  }

  static final OneAnswerPerConnection UPSTREAM = OneAnswerPerConnection.shared();

  @Inject ReverseProxy proxy;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void reset() {
    proxy.resetBreakers();
  }

  @Test
  void aGetOnAConnectionTheUpstreamClosedIsSentAgain() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    // the first call leaves a kept-alive connection in the gateway's pool
    given().auth().oauth2(token).get("/api/v1/positions").then().statusCode(200);
    int dropped = UPSTREAM.dropped().size();
    int answered = UPSTREAM.answered().size();
    double retried = retries();

    given().auth().oauth2(token).get("/api/v1/positions").then().statusCode(200);

    List<String> seen = UPSTREAM.dropped();
    assertThat(seen).hasSize(dropped + 1);
    assertThat(seen.get(dropped)).isEqualTo("GET /api/v1/positions");
    assertThat(UPSTREAM.answered()).hasSize(answered + 1);
    assertThat(retries()).isEqualTo(retried + 1);
  }

  @Test
  void aPostIsNeverSentTwice() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    given().auth().oauth2(token).get("/api/v1/account").then().statusCode(200);
    int dropped = UPSTREAM.dropped().size();
    int answered = UPSTREAM.answered().size();
    double retried = retries();

    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body("{\"symbol\":\"AAPL\",\"side\":\"buy\",\"type\":\"market\",\"qty\":\"1\"}")
        .post("/api/v1/orders")
        .then()
        .statusCode(502)
        .contentType("application/problem+json");

    // the upstream saw the order once and the gateway did not try again
    List<String> seen = UPSTREAM.dropped();
    assertThat(seen).hasSize(dropped + 1);
    assertThat(seen.get(dropped)).isEqualTo("POST /api/v1/orders");
    assertThat(UPSTREAM.answered()).hasSize(answered);
    assertThat(retries()).isEqualTo(retried);
  }

  /** qv_gateway_upstream_retries_total{upstream="trading"} as Prometheus scrapes it. */
  private double retries() {
    return given()
        .get(metrics)
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(l -> l.startsWith("qv_gateway_upstream_retries_total{"))
        .filter(l -> l.contains("upstream=\"trading\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no retries counter for trading on /q/metrics"));
  }

  /**
   * HTTP/1.1 over a plain socket: on each connection the first request gets 200 with keep-alive,
   * the second is read and the connection closed without an answer. {@code GET /seen} answers what
   * it saw (the profile and the test instance live in different class loaders: each has its own
   * copy of this class, the server runs once per JVM and its port is a system property).
   */
  static final class OneAnswerPerConnection {
    private static final String PORT = "qv.test.one-answer-per-connection.port";
    private static final String SEEN = "/seen";
    private final int port;
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<String> dropped = new CopyOnWriteArrayList<>();

    private OneAnswerPerConnection(int port) {
      this.port = port;
    }

    static synchronized OneAnswerPerConnection shared() {
      String port = System.getProperty(PORT);
      if (port == null) {
        try {
          ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
          OneAnswerPerConnection upstream = new OneAnswerPerConnection(server.getLocalPort());
          Thread.ofVirtual().start(() -> upstream.accept(server));
          port = Integer.toString(server.getLocalPort());
          System.setProperty(PORT, port);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return new OneAnswerPerConnection(Integer.parseInt(port));
    }

    int port() {
      return port;
    }

    /** The requests answered so far ("METHOD /path"). */
    List<String> answered() {
      return seen().get(0);
    }

    /** The requests read and then dropped with their connection. */
    List<String> dropped() {
      return seen().get(1);
    }

    private List<List<String>> seen() {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket
            .getOutputStream()
            .write(("GET " + SEEN + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        BufferedReader in = reader(socket);
        return List.of(split(in.readLine()), split(in.readLine()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static List<String> split(String line) {
      return line.isEmpty() ? List.of() : List.of(line.split(","));
    }

    private void accept(ServerSocket server) {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread.ofVirtual().start(() -> serve(socket));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket socket) {
      try (socket) {
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        String request = readRequest(in);
        if (request == null) {
          return;
        }
        if (request.equals("GET " + SEEN)) {
          out.write(
              (String.join(",", answered) + "\n" + String.join(",", dropped) + "\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
          return;
        }
        answered.add(request);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        request = readRequest(in);
        if (request != null) {
          dropped.add(request);
        }
      } catch (IOException e) {
        // the gateway closed its end: nothing to record
      }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
      return new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** "METHOD /path" of the next request on the connection (its body read too); null at EOF. */
    private static String readRequest(BufferedReader in) throws IOException {
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ");
      int length = 0;
      for (String header = in.readLine();
          header != null && !header.isEmpty();
          header = in.readLine()) {
        if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      // ISO-8859-1: one char per byte
      for (long left = length; left > 0 && in.read() >= 0; left--) {}
      return parts[0] + " " + parts[1].split("\\?")[0];
    }
  }
}
