package io.quantvision.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quantvision.gateway.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EdgeSecurityTest {

  private static final int BODY_LIMIT = 1024 * 1024;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void securityHeadersOnSuccessErrorsAndProxiedResponses() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    expectSecurityHeaders(
        given().auth().oauth2(token).when().get("/api/v1/market/symbols").then().statusCode(200));
    expectSecurityHeaders(
        given()
            .header("X-Forwarded-For", Fixtures.newClientIp())
            .when()
            .get("/api/v1/nothing-here")
            .then()
            .statusCode(404));
    expectSecurityHeaders(
        given()
            .header("X-Forwarded-For", Fixtures.newClientIp())
            .when()
            .get("/api/v1/orders")
            .then()
            .statusCode(401));
  }

  @Test
  void authResponsesAreNeverCached() {
    given()
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .get("/api/v1/auth/me")
        .then()
        .header("Cache-Control", "no-store");
    given()
        .auth()
        .oauth2(Fixtures.tokenFor(Fixtures.newUser()))
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .header("Cache-Control", nullValue());
  }

  @Test
  void plainHttpBehindTrustedProxyIsRedirectedToHttps() {
    given()
        .redirects()
        .follow(false)
        .header("X-Forwarded-Proto", "http")
        .header("X-Forwarded-Host", "api.quantvision.io")
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .get("/api/v1/market/symbols?limit=5")
        .then()
        .statusCode(308)
        .header("Location", "https://api.quantvision.io/api/v1/market/symbols?limit=5")
        .header("Strict-Transport-Security", notNullValue());
    given()
        .redirects()
        .follow(false)
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(401);
  }

  @Test
  void corsAllowsListedOriginsOnly() {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    given()
        .auth()
        .oauth2(token)
        .header("Origin", Fixtures.ALLOWED_ORIGIN)
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .header("Access-Control-Allow-Origin", Fixtures.ALLOWED_ORIGIN)
        .header("Access-Control-Allow-Credentials", "true");
    given()
        .header("Origin", Fixtures.ALLOWED_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .when()
        .options("/api/v1/orders")
        .then()
        .header("Access-Control-Allow-Origin", Fixtures.ALLOWED_ORIGIN);
    for (String method : List.of("GET", "OPTIONS")) {
      given()
          .auth()
          .oauth2(token)
          .header("Origin", "https://evil.example")
          .header("Access-Control-Request-Method", "GET")
          .when()
          .request(method, "/api/v1/market/symbols")
          .then()
          .header("Access-Control-Allow-Origin", nullValue());
    }
  }

  @Test
  void oversizedBodiesAre413EvenWhenChunked() throws Exception {
    String token = Fixtures.tokenFor(Fixtures.newUser());
    expectSecurityHeaders(
        given()
            .auth()
            .oauth2(token)
            .contentType("application/json")
            .body(new byte[BODY_LIMIT + 1])
            .when()
            .post("/api/v1/orders")
            .then()
            .statusCode(413)
            .contentType("application/problem+json")
            .body("request_id", notNullValue()));
    // no Content-Length: the proxy counts the streamed body
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] big = new byte[BODY_LIMIT + 64 * 1024];
    HttpResponse<String> chunked =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + "/api/v1/orders"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> (InputStream) new ByteArrayInputStream(big)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(chunked.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(chunked.headers().firstValue("Strict-Transport-Security")).isPresent();
  }

  @Test
  void oversizedHeadersAreRefusedByTheServer() {
    int status =
        given()
            .header("X-Forwarded-For", Fixtures.newClientIp())
            .header("X-Padding", "a".repeat(20 * 1024))
            .when()
            .get("/api/v1/market/symbols")
            .then()
            .extract()
            .statusCode();
    assertThat(status).isIn(400, 431);
  }

  @Test
  void adminAndMonitoringApisAnswerOnlyAllowedNetworks() {
    String admin = io.quantvision.testing.jwt.TestTokens.admin(Fixtures.newUser());
    for (String path : List.of("/api/v1/admin/trading/halt", "/api/v1/monitoring/status")) {
      given()
          .auth()
          .oauth2(admin)
          .header("X-Forwarded-For", Fixtures.newClientIp())
          .when()
          .post(path)
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("status", equalTo(403));
    }
    given()
        .auth()
        .oauth2(admin)
        .header("X-Forwarded-For", "10.20.30.40")
        .when()
        .post("/api/v1/admin/trading/halt")
        .then()
        .statusCode(200)
        .body("headers.x-forwarded-for", equalTo("10.20.30.40, 127.0.0.1"));
  }

  @Test
  void gatewayOwnResourcesStillReadBodiesAfterTheEdgeHandlers() {
    String body = "x".repeat(200_000);
    given()
        .header("X-Forwarded-For", Fixtures.newClientIp())
        .contentType("text/plain")
        .body(body)
        .when()
        .post("/test/edge/echo")
        .then()
        .statusCode(200)
        .body(equalTo("received " + body.length()));
    given()
        .header("X-API-Key", "qv_not_a_key")
        .contentType("text/plain")
        .body(body)
        .when()
        .post("/test/edge/echo")
        .then()
        .statusCode(200)
        .body(equalTo("received " + body.length()));
  }

  private static void expectSecurityHeaders(ValidatableResponse response) {
    response
        .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "no-referrer")
        .header("Permissions-Policy", notNullValue())
        .header("X-Request-Id", notNullValue());
  }
}
