package io.quantvision.gateway.twofactor;

import static io.quantvision.gateway.Identities.PASSWORD;
import static io.quantvision.gateway.Identities.accessToken;
import static io.quantvision.gateway.Identities.loggedIn;
import static io.quantvision.gateway.Identities.newEmail;
import static io.quantvision.gateway.Identities.payload;
import static io.quantvision.gateway.Identities.queryString;
import static io.quantvision.gateway.Identities.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TwoFactorTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  record Enrolled(String email, String token, byte[] secret, List<String> backupCodes) {}

  @Test
  void enrolmentReturnsASecretAnOtpauthUriAndBackupCodes() throws Exception {
    String email = newEmail();
    String id = register(email);
    var body =
        enroll(accessToken(email))
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("otpauth_uri", startsWith("otpauth://totp/QuantVision:"))
            .body("backup_codes", hasSize(10))
            .extract();
    String secret = body.path("secret");
    assertThat((String) body.path("otpauth_uri")).contains("secret=" + secret);
    // stored encrypted: neither the base32 text nor the raw bytes are in the row
    String stored =
        queryString(
            "SELECT encode(totp_secret, 'hex') FROM users WHERE id = ?", UUID.fromString(id));
    assertThat(stored).doesNotContain(HexFormat.of().formatHex(Totp.fromBase32(secret)));
    assertThat(stored.length() / 2).isEqualTo(12 + 20 + 16);
  }

  @Test
  void aValidCodeUpgradesTheTokenWithOtp() {
    Enrolled user = enrolled();
    String code = Totp.code(user.secret(), Totp.step(Instant.now()));
    var tokens =
        verify(user.token(), code)
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("Bearer"))
            .extract();
    String access = tokens.path("access_token");
    assertThat(payload(access)).contains("\"amr\":[\"pwd\",\"otp\"]");
    given()
        .auth()
        .oauth2(access)
        .get("/api/v1/auth/me")
        .then()
        .statusCode(200)
        .body("amr", contains("pwd", "otp"))
        .body("two_factor_enabled", equalTo(true));
    // the refresh keeps the second factor
    String refreshed =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("refresh_token", tokens.path("refresh_token")))
            .post("/api/v1/auth/refresh")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertThat(payload(refreshed)).contains("\"otp\"");
  }

  @Test
  void aCodeIsAcceptedOnlyOnce() {
    Enrolled user = enrolled();
    String code = Totp.code(user.secret(), Totp.step(Instant.now()));
    verify(user.token(), code).statusCode(200);
    verify(user.token(), code).statusCode(401).contentType("application/problem+json");
  }

  @Test
  void aCodeOneStepOldIsStillAcceptedButTwoStepsIsNot() throws InterruptedException {
    Enrolled user = enrolled();
    long now = stepWithRoom();
    verify(user.token(), Totp.code(user.secret(), now - 3)).statusCode(401);
    verify(user.token(), Totp.code(user.secret(), now - 1)).statusCode(200);
  }

  /**
   * The current TOTP step, with at least 5 s of it left: a step that ends between computing a code
   * and the server checking it would make "one step old" two steps old (a CI run saw that).
   */
  private static long stepWithRoom() throws InterruptedException {
    long left =
        Totp.STEP_SECONDS * 1000L
            - Math.floorMod(System.currentTimeMillis(), Totp.STEP_SECONDS * 1000L);
    if (left < 5_000) {
      Thread.sleep(left + 50);
    }
    return Totp.step(Instant.now());
  }

  @Test
  void aWrongCodeIsRefused() {
    Enrolled user = enrolled();
    String code = Totp.code(user.secret(), Totp.step(Instant.now()));
    String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    verify(user.token(), wrong).statusCode(401);
  }

  @Test
  void aBackupCodeWorksOnce() {
    Enrolled user = enrolled();
    verify(user.token(), Totp.code(user.secret(), Totp.step(Instant.now()))).statusCode(200);
    String backup = user.backupCodes().get(3);
    String access = verify(user.token(), backup).statusCode(200).extract().path("access_token");
    assertThat(payload(access)).contains("\"otp\"");
    verify(user.token(), backup).statusCode(401);
  }

  @Test
  void loginOfAUserWithTwoFactorGivesAPasswordOnlyToken() {
    Enrolled user = enrolled();
    verify(user.token(), Totp.code(user.secret(), Totp.step(Instant.now()))).statusCode(200);
    String access = loggedIn(user.email(), PASSWORD).path("access_token");
    assertThat(payload(access)).contains("\"amr\":[\"pwd\"]");
    // and with the password alone the second factor cannot be replaced
    enroll(access).statusCode(403).body("reason", equalTo("otp_required"));
  }

  @Test
  void verifyingWithoutEnrolmentIsAConflict() {
    String email = newEmail();
    register(email);
    verify(accessToken(email), "123456").statusCode(409);
  }

  @Test
  void twoFactorEndpointsNeedAToken() {
    given().contentType(ContentType.JSON).post("/api/v1/auth/2fa/enroll").then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("code", "123456"))
        .post("/api/v1/auth/2fa/verify")
        .then()
        .statusCode(401);
  }

  private static Enrolled enrolled() {
    String email = newEmail();
    register(email);
    String token = accessToken(email);
    var body = enroll(token).statusCode(200).extract();
    return new Enrolled(
        email, token, Totp.fromBase32(body.path("secret")), body.path("backup_codes"));
  }

  private static ValidatableResponse enroll(String token) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .post("/api/v1/auth/2fa/enroll")
        .then();
  }

  private static ValidatableResponse verify(String token, String code) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("code", code))
        .post("/api/v1/auth/2fa/verify")
        .then();
  }
}
