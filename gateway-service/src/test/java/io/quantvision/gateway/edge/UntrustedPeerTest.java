package io.quantvision.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quantvision.gateway.Fixtures;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tests' own address (loopback) is not a trusted proxy here: what a client writes in {@code
 * X-Forwarded-*} must then change nothing — no HTTPS redirect, no borrowed address for the admin
 * allow-list.
 */
@QuarkusTest
@TestProfile(UntrustedPeerTest.LoopbackUntrusted.class)
class UntrustedPeerTest {

  public static class LoopbackUntrusted implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "qv.edge.trusted-proxies", "192.0.2.0/24",
          "qv.edge.admin-allowed-cidrs", "10.0.0.0/8");
    }
  }

  @Test
  void forwardedProtoFromAnUntrustedPeerDoesNotRedirect() {
    given()
        .redirects()
        .follow(false)
        .header("X-Forwarded-Proto", "http")
        .header("X-Forwarded-Host", "evil.example")
        .when()
        .get("/api/v1/market/symbols")
        .then()
        .statusCode(401)
        .header("Location", nullValue());
  }

  @Test
  void forwardedForFromAnUntrustedPeerDoesNotPassTheAdminAllowList() {
    String admin = TestTokens.admin(Fixtures.newUser());
    // 10.20.30.40 is allowed, but only a trusted proxy may say the client is there
    given()
        .auth()
        .oauth2(admin)
        .header("X-Forwarded-For", "10.20.30.40")
        .when()
        .post("/api/v1/admin/trading/halt")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403));
  }
}
