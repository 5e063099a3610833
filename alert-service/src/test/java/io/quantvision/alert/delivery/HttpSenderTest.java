package io.quantvision.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP channels' sender against a port with nothing listening, then a server on it. */
class HttpSenderTest {

  @Test
  void aClosedPortIsRetriedAndTheSameRequestIsDeliveredOnceTheServerIsUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    HttpSender sender = new HttpSender(Duration.ofSeconds(2));
    String url = "http://127.0.0.1:" + port + "/v2/enqueue";

    SendResult refused = sender.post(url, "{\"event_action\":\"trigger\"}");
    assertThat(refused.kind()).isEqualTo(SendResult.Kind.RETRY);
    assertThat(refused.detail()).startsWith("unreachable: ");

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/v2/enqueue",
        exchange -> {
          byte[] body = "{\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(202, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      assertThat(sender.post(url, "{\"event_action\":\"trigger\"}").kind())
          .isEqualTo(SendResult.Kind.DELIVERED);
    } finally {
      server.stop(0);
    }
  }
}
