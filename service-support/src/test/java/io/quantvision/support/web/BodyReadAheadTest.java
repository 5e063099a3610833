package io.quantvision.support.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** qv.http.read-ahead-limit is 256 bytes in this module's test configuration. */
@QuarkusTest
class BodyReadAheadTest {

  @TestHTTPResource("/probe/body-source")
  URI bodySource;

  @Test
  void aSmallDeclaredBodyReachesABlockingEndpointFromMemory() {
    given()
        .contentType("application/json")
        .body("{\"symbol\":\"AAPL\",\"qty\":\"1\"}")
        .post("/probe/body-source")
        .then()
        .statusCode(200)
        .body(equalTo("memory:27"));
  }

  @Test
  void aBodyOverTheLimitIsStreamedWhole() {
    String large = "x".repeat(1_000);

    given()
        .contentType("text/plain")
        .body(large)
        .post("/probe/body-source")
        .then()
        .statusCode(200)
        .body(equalTo("stream:1000"));
  }

  @Test
  void anH2cUpgradeRequestWithASmallBodyIsAnswered() throws Exception {
    // the JDK client asks to upgrade to HTTP/2 with its first request: read ahead, that request
    // failed with 500 (RESTEasy Reactive cannot pause an HTTP/2 request whose body was read)
    HttpRequest upgrade =
        HttpRequest.newBuilder(bodySource)
            .version(HttpClient.Version.HTTP_2)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"AAPL\",\"qty\":\"1\"}"))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(upgrade, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).endsWith(":27");
  }

  @Test
  void aBodyOfUndeclaredLengthIsStreamedWhole() throws Exception {
    byte[] body = "y".repeat(100).getBytes(StandardCharsets.US_ASCII);
    HttpRequest chunked =
        HttpRequest.newBuilder(bodySource)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("stream:100");
  }
}
