package io.quantvision.gateway.apikey;

import static io.quantvision.gateway.Identities.accessToken;
import static io.quantvision.gateway.Identities.newEmail;
import static io.quantvision.gateway.Identities.payload;
import static io.quantvision.gateway.Identities.queryString;
import static io.quantvision.gateway.Identities.register;
import static io.quantvision.gateway.Identities.update;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quantvision.gateway.identity.ApiKeyVerifier;
import io.quantvision.gateway.identity.UpstreamTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiKeysTest {

  @Inject ApiKeyVerifier verifier;
  @Inject UpstreamTokens upstreamTokens;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void aNewKeyIsShownOnceAndResolvesToItsOwner() {
    String email = newEmail();
    String userId = register(email);
    String token = accessToken(email);
    var created = create(token, "backtester");
    String key = created.path("key");
    String id = created.path("id");
    assertThat(key).matches("qv_[0-9a-f]{16}_[A-Za-z0-9_-]{43}").contains(id);

    ApiKeyVerifier.KeyOwner owner = verifier.verify(key).orElseThrow();
    assertThat(owner.keyId()).isEqualTo(id);
    assertThat(owner.userId()).isEqualTo(userId);
    assertThat(owner.email()).isEqualTo(email);
    assertThat(owner.roles()).isEqualTo(Set.of("trader"));
    assertThat(owner.principal()).isEqualTo("key:" + id);

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/auth/api-keys")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(id))
        .body("items[0].name", equalTo("backtester"))
        .body("items[0]", not(hasKey("key")))
        .body("items[0]", not(hasKey("secret_hash")));
  }

  @Test
  void theSecretIsStoredOnlyAsAHash() throws Exception {
    String token = accessToken(registered());
    var created = create(token, "stored");
    String key = created.path("key");
    String secret = key.substring(key.lastIndexOf('_', key.length() - 44) + 1);
    String stored =
        queryString("SELECT secret_hash FROM api_keys WHERE id = ?", (String) created.path("id"));
    assertThat(stored).hasSize(64).doesNotContain(secret);
  }

  @Test
  void unknownMalformedAndForgedKeysAreRefused() {
    String key = create(accessToken(registered()), "real").path("key");
    String forged = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
    assertThat(verifier.verify(forged)).isEmpty();
    assertThat(verifier.verify("qv_0000000000000000_" + "A".repeat(43))).isEmpty();
    assertThat(verifier.verify("not a key")).isEmpty();
    assertThat(verifier.verify(null)).isEmpty();
  }

  @Test
  void aRevokedKeyStopsWorking() {
    String token = accessToken(registered());
    var created = create(token, "to revoke");
    String key = created.path("key");
    assertThat(verifier.verify(key)).isPresent();
    given()
        .auth()
        .oauth2(token)
        .delete("/api/v1/auth/api-keys/" + created.path("id"))
        .then()
        .statusCode(204);
    assertThat(verifier.verify(key)).isEmpty();
    given().auth().oauth2(token).get("/api/v1/auth/api-keys").then().body("items", hasSize(0));
  }

  @Test
  void aRevocationElsewhereTakesEffectWithinTheCacheTtl() throws Exception {
    String key = create(accessToken(registered()), "cached").path("key");
    assertThat(verifier.verify(key)).isPresent();
    // another instance revoked it: only the database knows
    update("UPDATE api_keys SET revoked_at = now() WHERE id = ?", key.substring(3, 19));
    await().atMost(Duration.ofSeconds(3)).until(() -> verifier.verify(key).isEmpty());
  }

  @Test
  void rotationIssuesANewSecretAndTheOldOneLastsTheGracePeriod() throws Exception {
    String token = accessToken(registered());
    var created = create(token, "rotating");
    String id = created.path("id");
    String old = created.path("key");
    var rotated =
        given()
            .auth()
            .oauth2(token)
            .post("/api/v1/auth/api-keys/" + id + "/rotate")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .extract();
    String fresh = rotated.path("key");
    assertThat(fresh).isNotEqualTo(old).startsWith("qv_" + id + "_");
    assertThat(verifier.verify(fresh)).isPresent();
    assertThat(verifier.verify(old)).isPresent();
    String graceEnd =
        queryString(
            "SELECT round(extract(epoch FROM previous_valid_until - now()) / 3600)"
                + " FROM api_keys WHERE id = ?",
            id);
    assertThat(graceEnd).isEqualTo("24");
    // the grace period ends
    update(
        "UPDATE api_keys SET previous_valid_until = now() - interval '1 second' WHERE id = ?", id);
    await().atMost(Duration.ofSeconds(3)).until(() -> verifier.verify(old).isEmpty());
    assertThat(verifier.verify(fresh)).isPresent();
  }

  @Test
  void onlyTheOwnerRevokesOrRotatesAKey() {
    String id = create(accessToken(registered()), "mine").path("id");
    String stranger = accessToken(registered());
    given().auth().oauth2(stranger).delete("/api/v1/auth/api-keys/" + id).then().statusCode(404);
    given()
        .auth()
        .oauth2(stranger)
        .post("/api/v1/auth/api-keys/" + id + "/rotate")
        .then()
        .statusCode(404);
  }

  @Test
  void upstreamTokensCarryTheOwnersRolesAndAreTrustedByTheGateway() {
    String email = registered();
    String key = create(accessToken(email), "upstream").path("key");
    ApiKeyVerifier.KeyOwner owner = verifier.verify(key).orElseThrow();
    String jwt = upstreamTokens.forApiKey(owner);
    assertThat(payload(jwt))
        .contains("\"sub\":\"" + owner.userId() + "\"")
        .contains("\"groups\":[\"trader\"]")
        .contains("\"amr\":[\"api_key\"]")
        .contains("\"api_key_id\":\"" + owner.keyId() + "\"")
        .doesNotContain("otp");
    assertThat(upstreamTokens.forApiKey(owner)).isEqualTo(jwt);
    given()
        .auth()
        .oauth2(jwt)
        .get("/api/v1/auth/me")
        .then()
        .statusCode(200)
        .body("email", equalTo(email));
  }

  @Test
  void theGatewaysOwnEndpointsAcceptAnApiKey() {
    String email = registered();
    String key = create(accessToken(email), "self").path("key");
    given()
        .header("X-API-Key", key)
        .get("/api/v1/auth/me")
        .then()
        .statusCode(200)
        .body("email", equalTo(email))
        .body("amr", org.hamcrest.Matchers.contains("api_key"));
    given()
        .header("X-API-Key", key)
        .get("/api/v1/auth/api-keys")
        .then()
        .statusCode(200)
        .body("items", hasSize(1));
    given()
        .header("X-API-Key", "qv_0000000000000000_" + "A".repeat(43))
        .get("/api/v1/auth/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  @Test
  void keyNamesAreValidated() {
    given()
        .auth()
        .oauth2(accessToken(registered()))
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x".repeat(101)))
        .post("/api/v1/auth/api-keys")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("name"));
  }

  @Test
  void aNulCharacterInANameOrAnIdIsABadRequestAndNothingIsWritten() {
    String token = accessToken(registered());
    given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body("{\"name\":\"a\\u0000b\"}")
        .post("/api/v1/auth/api-keys")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("name"))
        .body("errors[0].message", equalTo("must not contain the NUL character (U+0000)"));
    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/auth/api-keys")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
    // a path parameter never meets the JSON reader: PostgreSQL refuses it, and that is a 400 too
    given()
        .urlEncodingEnabled(false)
        .auth()
        .oauth2(token)
        .delete("/api/v1/auth/api-keys/%00")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", endsWith("/invalid-text"));
  }

  static String registered() {
    String email = newEmail();
    register(email);
    return email;
  }

  static io.restassured.response.ExtractableResponse<io.restassured.response.Response> create(
      String token, String name) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .post("/api/v1/auth/api-keys")
        .then()
        .statusCode(201)
        .header("Cache-Control", "no-store")
        .extract();
  }
}
