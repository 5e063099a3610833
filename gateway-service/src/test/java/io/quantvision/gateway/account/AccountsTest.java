package io.quantvision.gateway.account;

import static io.quantvision.gateway.Identities.ADMIN_EMAIL;
import static io.quantvision.gateway.Identities.PASSWORD;
import static io.quantvision.gateway.Identities.accessToken;
import static io.quantvision.gateway.Identities.adminToken;
import static io.quantvision.gateway.Identities.loggedIn;
import static io.quantvision.gateway.Identities.login;
import static io.quantvision.gateway.Identities.newEmail;
import static io.quantvision.gateway.Identities.payload;
import static io.quantvision.gateway.Identities.queryString;
import static io.quantvision.gateway.Identities.register;
import static io.quantvision.gateway.Identities.update;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quantvision.common.json.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountsTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void registersANewTrader() {
    String email = newEmail();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(201)
        .body("id", notNullValue())
        .body("email", equalTo(email))
        .body("roles", contains("trader"))
        .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("password")));
  }

  @Test
  void refusesAShortPasswordNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", newEmail(), "password", "short-pw"))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("password"))
        .body("request_id", notNullValue());
  }

  @Test
  void refusesAMalformedEmailNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", "not-an-email", "password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("email"));
  }

  @Test
  void refusesASecondAccountForTheSameEmailWhateverItsCase() {
    String email = newEmail();
    register(email);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email.toUpperCase(), "password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void loginAnswersAnRfc6749TokenResponseThatIsNeverCached() throws Exception {
    String email = newEmail();
    String id = register(email);
    ExtractableResponse<Response> tokens =
        login(email, PASSWORD)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("Bearer"))
            .body("expires_in", equalTo(900))
            .body("refresh_token", notNullValue())
            .extract();
    var claims = Json.mapper().readTree(payload(tokens.path("access_token")));
    assertThat(claims.get("iss").asText()).isEqualTo("quantvision");
    assertThat(claims.get("sub").asText()).isEqualTo(id);
    assertThat(claims.get("upn").asText()).isEqualTo(email);
    assertThat(claims.get("groups").toString()).isEqualTo("[\"trader\"]");
    assertThat(claims.get("amr").toString()).isEqualTo("[\"pwd\"]");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
    assertThat(claims.get("auth_time").asLong()).isPositive();
    assertThat(((String) tokens.path("refresh_token")).length()).isGreaterThanOrEqualTo(43);
  }

  @Test
  void theGatewayVerifiesTheTokensItSigns() {
    String email = newEmail();
    String id = register(email);
    given()
        .auth()
        .oauth2(accessToken(email))
        .get("/api/v1/auth/me")
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("email", equalTo(email))
        .body("roles", contains("trader"))
        .body("amr", contains("pwd"))
        .body("two_factor_enabled", equalTo(false));
  }

  @Test
  void aWrongPasswordAndAnUnknownAccountLookTheSame() {
    String email = newEmail();
    register(email);
    Response wrongPassword = login(email, "not the password at all");
    Response unknown = login(newEmail(), "not the password at all");
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
    for (String member : new String[] {"type", "title", "detail"}) {
      assertThat(unknown.jsonPath().getString(member))
          .isEqualTo(wrongPassword.jsonPath().getString(member));
    }
  }

  @Test
  void refreshRotatesTheRefreshToken() {
    String email = newEmail();
    String first = loggedIn(email(email), PASSWORD).path("refresh_token");
    ExtractableResponse<Response> next =
        refresh(first).then().statusCode(200).header("Cache-Control", "no-store").extract();
    String second = next.path("refresh_token");
    assertThat(second).isNotEqualTo(first);
    given().auth().oauth2(next.path("access_token")).get("/api/v1/auth/me").then().statusCode(200);
    refresh(second).then().statusCode(200);
  }

  @Test
  void reusingARefreshTokenRevokesTheWholeFamily() {
    String email = newEmail();
    String first = loggedIn(email(email), PASSWORD).path("refresh_token");
    String second = refresh(first).then().statusCode(200).extract().path("refresh_token");
    String third = refresh(second).then().statusCode(200).extract().path("refresh_token");
    // an attacker replays the first token: refused, and the legitimate newest one dies too
    refresh(first)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", containsString("invalid-refresh-token"));
    refresh(third).then().statusCode(401);
    // another login (another family) is untouched
    String other = loggedIn(email, PASSWORD).path("refresh_token");
    refresh(other).then().statusCode(200);
  }

  @Test
  void logoutRevokesTheRefreshFamily() {
    String email = newEmail();
    String first = loggedIn(email(email), PASSWORD).path("refresh_token");
    String second = refresh(first).then().statusCode(200).extract().path("refresh_token");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("refresh_token", second))
        .post("/api/v1/auth/logout")
        .then()
        .statusCode(204);
    refresh(second).then().statusCode(401);
  }

  @Test
  void anExpiredRefreshTokenIsRefused() throws Exception {
    String token = loggedIn(email(newEmail()), PASSWORD).path("refresh_token");
    update(
        "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
        io.quantvision.gateway.identity.Secrets.sha256Hex(token));
    refresh(token).then().statusCode(401);
  }

  @Test
  void anUnknownRefreshTokenIsRefused() {
    refresh("not-a-token-we-issued").then().statusCode(401).contentType("application/problem+json");
  }

  @Test
  void theFirstAdminExistsAndGrantsRoles() {
    String email = newEmail();
    String id = register(email);
    given()
        .auth()
        .oauth2(adminToken())
        .contentType(ContentType.JSON)
        .body(Map.of("roles", java.util.List.of("admin")))
        .post("/api/v1/admin/users/" + id + "/roles")
        .then()
        .statusCode(200)
        .body("roles", contains("trader", "admin"));
    // the grant shows in the next token
    given()
        .auth()
        .oauth2(accessToken(email))
        .get("/api/v1/auth/me")
        .then()
        .body("roles", contains("trader", "admin"));
  }

  @Test
  void onlyAdminsGrantRoles() {
    String email = newEmail();
    String id = register(email);
    given()
        .auth()
        .oauth2(accessToken(email))
        .contentType(ContentType.JSON)
        .body(Map.of("roles", java.util.List.of("admin")))
        .post("/api/v1/admin/users/" + id + "/roles")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
  }

  @Test
  void grantingAnUnknownRoleNamesTheField() {
    String id = register(newEmail());
    given()
        .auth()
        .oauth2(adminToken())
        .contentType(ContentType.JSON)
        .body(Map.of("roles", java.util.List.of("superuser")))
        .post("/api/v1/admin/users/" + id + "/roles")
        .then()
        .statusCode(422)
        .body("errors[0].field", equalTo("roles"));
    given()
        .auth()
        .oauth2(adminToken())
        .contentType(ContentType.JSON)
        .body(Map.of("roles", java.util.List.of("viewer")))
        .post("/api/v1/admin/users/" + UUID.randomUUID() + "/roles")
        .then()
        .statusCode(404);
  }

  @Test
  void aWeakerStoredHashIsUpgradedAtLogin() throws Exception {
    String email = newEmail();
    String id = register(email);
    String weak =
        PasswordHasher.format(
            500, new byte[16], PasswordHasher.derive(PASSWORD.toCharArray(), new byte[16], 500));
    update("UPDATE users SET password_hash = ? WHERE id = ?", weak, UUID.fromString(id));
    loggedIn(email, PASSWORD);
    String stored =
        queryString("SELECT password_hash FROM users WHERE id = ?", UUID.fromString(id));
    assertThat(stored).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(weak);
    loggedIn(email, PASSWORD);
  }

  @Test
  void theAdminAccountIsCreatedOnce() throws Exception {
    assertThat(queryString("SELECT count(*) FROM users WHERE email_key = ?", ADMIN_EMAIL))
        .isEqualTo("1");
    assertThat(
            queryString(
                "SELECT array_to_string(roles, ',') FROM users WHERE email_key = ?", ADMIN_EMAIL))
        .contains("admin");
  }

  private static String email(String email) {
    register(email);
    return email;
  }

  private static Response refresh(String token) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("refresh_token", token))
        .post("/api/v1/auth/refresh");
  }
}
