package io.quantvision.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quantvision.gateway.Fixtures;
import io.quantvision.gateway.Identities;
import io.quantvision.gateway.UpstreamStubs;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProxyTest {

  @Inject ReverseProxy proxy;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void closeBreakers() {
    proxy.resetBreakers();
  }

  @Test
  void forwardsPathQueryAndBearerToTheOwningService() {
    String user = Fixtures.newUser();
    String token = Fixtures.tokenFor(user);
    JsonPath echo =
        given()
            .auth()
            .oauth2(token)
            .header("X-Request-Id", "req-proxy-0001")
            .when()
            .get("/api/v1/market/bars/AAPL?timeframe=1Min&limit=5")
            .then()
            .statusCode(200)
            .header("X-Request-Id", "req-proxy-0001")
            .header("RateLimit", notNullValue())
            .extract()
            .jsonPath();
    assertThat(echo.getString("uri")).isEqualTo("/api/v1/market/bars/AAPL?timeframe=1Min&limit=5");
    assertThat(echo.getString("headers.authorization")).isEqualTo("Bearer " + token);
    assertThat(echo.getString("headers.x-request-id")).isEqualTo("req-proxy-0001");
    assertThat(echo.getString("headers.x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(echo.getString("headers.x-forwarded-proto")).isEqualTo("http");
    assertThat(echo.getString("headers.x-forwarded-host")).startsWith("localhost:");
  }

  @Test
  void routesEveryServicePrefixAndKeepsTrustedForwardedChain() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    for (String path :
        List.of(
            "/api/v1/orders",
            "/api/v1/orders/42",
            "/api/v1/positions",
            "/api/v1/account",
            "/api/v1/admin/trading/halt")) {
      JsonPath echo =
          given()
              .auth()
              .oauth2(token)
              .header("X-Forwarded-For", "10.9.8.7")
              .when()
              .get(path)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(echo.getString("uri")).isEqualTo(path);
      assertThat(echo.getString("headers.x-forwarded-for")).isEqualTo("10.9.8.7, 127.0.0.1");
    }
  }

  @Test
  void neverProxiesManagementOrGatewayOwnOrInternalPaths() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    int before = UpstreamStubs.REQUESTS.get();
    for (String path :
        List.of(
            "/q/metrics",
            "/q/health/ready",
            "/api/v1/auth/me",
            "/api/v1/admin/users/1/roles",
            "/api/v1/admin/audit",
            "/api/v1/alerts/webhook/alertmanager",
            "/api/v1/market/../../q/metrics",
            "/api/v1/marketplace")) {
      // the gateway's own resources answer these (404 until identity's exist), never a service
      int status = given().auth().oauth2(token).when().get(path).then().extract().statusCode();
      assertThat(status).as(path).isNotEqualTo(200);
    }
    assertThat(UpstreamStubs.REQUESTS.get()).isEqualTo(before);
  }

  @Test
  void refusesProxiedCallsWithoutValidCredentials() {
    String user = Fixtures.newUser();
    String valid = Fixtures.tokenFor(user);
    String[] parts = valid.split("\\.");
    String alg = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
    String algNone =
        Base64.getUrlEncoder().withoutPadding().encodeToString(alg.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + ".";
    String tampered =
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
    List<String> rejected =
        List.of(
            TestTokens.token(user).expired().sign(),
            TestTokens.token(user).issuer("someone-else").sign(),
            TestTokens.token(user).withForeignKey().sign(),
            algNone,
            tampered,
            "not-a-jwt");
    int before = UpstreamStubs.REQUESTS.get();
    for (String token : rejected) {
      given()
          .auth()
          .oauth2(token)
          .header("X-Forwarded-For", Fixtures.newClientIp())
          .when()
          .get("/api/v1/market/symbols")
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", "Bearer")
          .body("request_id", notNullValue());
    }
    given()
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(401);
    given()
        .header("X-API-Key", "qv_unknown_key")
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(401);
    assertThat(UpstreamStubs.REQUESTS.get()).isEqualTo(before);
  }

  @Test
  void apiKeyCallsGoUpstreamWithAMintedTokenAndWithoutTheKey() {
    String email = Identities.newEmail();
    String user = Identities.register(email);
    String key =
        given()
            .auth()
            .oauth2(Identities.accessToken(email))
            .contentType("application/json")
            .body(Map.of("name", "proxy-test"))
            .post("/api/v1/auth/api-keys")
            .then()
            .statusCode(201)
            .extract()
            .path("key");
    JsonPath echo =
        given()
            .header("X-API-Key", key)
            .when()
            .get("/api/v1/positions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(echo.getString("headers.x-api-key")).isNull();
    String forwarded = echo.getString("headers.authorization");
    assertThat(forwarded).startsWith("Bearer ");
    String claims =
        new String(
            Base64.getUrlDecoder().decode(forwarded.substring(7).split("\\.")[1]),
            StandardCharsets.UTF_8);
    assertThat(claims).contains("\"sub\":\"" + user + "\"");
  }

  @Test
  void streamsRequestBodiesAndAuditsMutatingCalls() {
    String user = Fixtures.newUser();
    String requestId = "req-audit-" + user.substring(2, 14);
    String body = "{\"symbol\":\"AAPL\",\"side\":\"buy\",\"qty\":\"1\"}";
    given()
        .auth()
        .oauth2(Fixtures.tokenFor(user))
        .header("X-Request-Id", requestId)
        .contentType("application/json")
        .body(body)
        .when()
        .post("/api/v1/orders")
        .then()
        .statusCode(200)
        .body("method", equalTo("POST"))
        .body("body_length", equalTo(body.length()));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        Identities.queryString(
                            "SELECT actor || '|' || action || '|' || target || '|' || outcome"
                                + " || '|' || client_ip FROM audit_log WHERE request_id = ?",
                            requestId))
                    .isEqualTo(user + "|http.POST|/api/v1/orders|200|127.0.0.1"));
  }

  @Test
  void stripsHopByHopHeadersBothWays() throws Exception {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    String request =
        "GET /api/v1/market/echo HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Authorization: Bearer "
            + token
            + "\r\n"
            + "Connection: keep-alive, X-Client-Hop\r\n"
            + "X-Client-Hop: must-not-pass\r\n"
            + "Keep-Alive: timeout=5\r\n"
            + "Proxy-Authorization: Basic c2VjcmV0\r\n"
            + "TE: trailers\r\n"
            + "\r\n";
    String answer = exchange(request);
    assertThat(answer).startsWith("HTTP/1.1 200");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertThat(body)
        .doesNotContain("x-client-hop")
        .doesNotContain("keep-alive")
        .doesNotContain("proxy-authorization")
        .doesNotContain("\"te\"");

    Response hop = given().auth().oauth2(token).when().get("/api/v1/market/hop");
    assertThat(hop.statusCode()).isEqualTo(200);
    assertThat(hop.header("X-Hop-Secret")).isNull();
    assertThat(hop.header("Keep-Alive")).isNull();
    assertThat(hop.header("X-Upstream")).isEqualTo("kept");
    assertThat(hop.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(hop.headers().getValues("X-Request-Id")).hasSize(1);
  }

  @Test
  void unreachableServiceIs502() {
    given()
        .auth()
        .oauth2(Fixtures.tokenFor(Fixtures.newUser()))
        .header("X-Forwarded-For", "10.0.0.5")
        .when()
        .get("/api/v1/alerts")
        .then()
        .statusCode(502)
        .contentType("application/problem+json")
        .body("request_id", notNullValue())
        .header("X-Content-Type-Options", "nosniff");
    assertThat(given().get(metrics).then().statusCode(200).extract().asString())
        .containsPattern(
            "qv_gateway_upstream_requests_seconds_count\\{[^}]*outcome=\"unavailable\"[^}]*upstream=\"alert\"[^}]*} [1-9]");
  }

  @Test
  void slowServiceIs504() {
    given()
        .auth()
        .oauth2(Fixtures.tokenFor(Fixtures.newUser()))
        .when()
        .get("/api/v1/market/slow")
        .then()
        .statusCode(504)
        .contentType("application/problem+json")
        .body("status", equalTo(504));
  }

  @Test
  void breakerOpensAfterRepeatedFailuresAndAnswers503WithoutCalling() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    for (int i = 0; i < 3; i++) {
      given()
          .auth()
          .oauth2(token)
          .when()
          .get("/api/v1/analysis/AAPL/signals")
          .then()
          .statusCode(503);
    }
    int before = UpstreamStubs.REQUESTS.get();
    given()
        .auth()
        .oauth2(token)
        .when()
        .get("/api/v1/analysis/AAPL/signals")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.containsString("not attempted"));
    assertThat(UpstreamStubs.REQUESTS.get()).isEqualTo(before);
  }

  private static String exchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder answer = new StringBuilder();
      List<String> lines = new ArrayList<>();
      String line;
      int length = -1;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        lines.add(line);
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      lines.forEach(l -> answer.append(l).append("\r\n"));
      answer.append("\r\n");
      char[] body = new char[Math.max(length, 0)];
      int read = 0;
      while (read < body.length) {
        int n = in.read(body, read, body.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      return answer.append(body, 0, read).toString();
    }
  }
}
