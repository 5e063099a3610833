package io.quantvision.gateway;

import static io.quantvision.gateway.Identities.PASSWORD;
import static io.quantvision.gateway.Identities.accessToken;
import static io.quantvision.gateway.Identities.newEmail;
import static io.quantvision.gateway.Identities.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an attacker sends: forged tokens, injection strings, malformed bodies. */
@QuarkusTest
class HostileInputTest {

  private static final String SQL_INJECTION = "x'); DROP TABLE users; --";
  private static final String SCRIPT = "<script>alert(document.cookie)</script>";

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void aTokenFromTheTestKeyForAKnownUserIsAccepted() {
    // the control for the refusals below: same key, same claims, only one thing bent each time
    String email = newEmail();
    String id = register(email);
    me(TestTokens.token(id).email(email).roles("trader").sign()).statusCode(200);
  }

  @Test
  void anExpiredTokenIsRefused() {
    String id = register(newEmail());
    refused(TestTokens.token(id).roles("trader").expired().sign());
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    String id = register(newEmail());
    refused(TestTokens.token(id).roles("trader").issuer("https://evil.example").sign());
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String id = register(newEmail());
    refused(TestTokens.token(id).roles("admin").withForeignKey().sign());
  }

  @Test
  void anUnsignedAlgNoneTokenIsRefused() {
    String id = register(newEmail());
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    long now = System.currentTimeMillis() / 1000;
    String claims =
        b64(
            "{\"iss\":\"quantvision\",\"sub\":\""
                + id
                + "\",\"upn\":\"x@y.io\",\"groups\":[\"admin\"],\"iat\":"
                + now
                + ",\"exp\":"
                + (now + 600)
                + "}");
    refused(header + "." + claims + ".");
  }

  @Test
  void aTamperedTokenIsRefused() {
    String email = newEmail();
    register(email);
    String[] parts = accessToken(email).split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"trader\"", "\"admin\"");
    refused(parts[0] + "." + b64(payload) + "." + parts[2]);
  }

  @Test
  void garbageInsteadOfATokenIsRefused() {
    refused("not.a.jwt");
    given().get("/api/v1/auth/me").then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void aValidTokenForAnAccountThatDoesNotExistIsRefused() {
    refused(TestTokens.token(UUID.randomUUID().toString()).roles("trader").sign());
    refused(TestTokens.token("not-a-uuid").roles("trader").sign());
  }

  @Test
  void injectionStringsInAnEmailAreStoredAndReturnedInert() {
    String email = "o'brien'--" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(201)
        .body("email", equalTo(email));
    given()
        .auth()
        .oauth2(accessToken(email))
        .get("/api/v1/auth/me")
        .then()
        .statusCode(200)
        .body("email", equalTo(email));
    // and a login with an injection string as email is just a failed login
    Identities.login("' OR '1'='1", PASSWORD).then().statusCode(401);
  }

  @Test
  void scriptAndSqlInAKeyNameAreStoredAndReturnedInert() {
    String email = newEmail();
    register(email);
    String token = accessToken(email);
    for (String name : new String[] {SCRIPT, SQL_INJECTION}) {
      given()
          .auth()
          .oauth2(token)
          .contentType(ContentType.JSON)
          .body(Map.of("name", name))
          .post("/api/v1/auth/api-keys")
          .then()
          .statusCode(201)
          .contentType(ContentType.JSON)
          .body("name", equalTo(name));
    }
    String raw =
        given()
            .auth()
            .oauth2(token)
            .get("/api/v1/auth/api-keys")
            .then()
            .statusCode(200)
            .body("items.name", hasItem(SCRIPT))
            .body("items.name", hasItem(SQL_INJECTION))
            .extract()
            .asString();
    // JSON, not HTML: the payload is a JSON string value, its quotes escaped
    assertThat(raw).contains("\"<script>alert(document.cookie)</script>\"");
    given().auth().oauth2(token).get("/api/v1/auth/me").then().statusCode(200);
  }

  @Test
  void malformedBodiesAreProblemsNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"email\": ")
        .post("/api/v1/auth/login")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("request_id", notNullValue());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", newEmail()))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("password"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("email"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/api/v1/auth/refresh")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("refresh_token"));
  }

  private static io.restassured.response.ValidatableResponse me(String token) {
    return given().auth().oauth2(token).get("/api/v1/auth/me").then();
  }

  private static void refused(String token) {
    me(token)
        .statusCode(401)
        .contentType("application/problem+json")
        .body("status", equalTo(401))
        .body("request_id", notNullValue());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
