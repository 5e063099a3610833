package io.quantvision.gateway.lockout;

import static io.quantvision.gateway.Identities.PASSWORD;
import static io.quantvision.gateway.Identities.login;
import static io.quantvision.gateway.Identities.newEmail;
import static io.quantvision.gateway.Identities.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** %test: an account locks after 3 failures, an IP after 40 (application.properties). */
@QuarkusTest
class LockoutTest {

  private static final String WRONG = "definitely not the password";

  @Inject RedisDataSource redis;

  @ConfigProperty(name = "qv.identity.lockout.key-prefix")
  String keyPrefix;

  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  // Every test shares the client address: the IP counters must not leak into other tests.
  @BeforeEach
  @AfterEach
  void forgetTheTestClientsAddress() {
    for (String key : redis.key().keys(keyPrefix + "*:ip:*")) {
      redis.key().del(key);
    }
  }

  @Test
  void anAccountLocksAfterRepeatedFailuresEvenForTheRightPassword() throws Exception {
    String email = newEmail();
    register(email);
    for (int i = 0; i < 3; i++) {
      login(email, WRONG).then().statusCode(401);
    }
    Response locked = login(email, PASSWORD);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.contentType()).startsWith("application/problem+json");
    assertThat(locked.header("Retry-After")).isNotNull();
    assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 30L);
    assertThat(locked.jsonPath().getString("type")).endsWith("/login-locked");
    assertThat(
            io.quantvision.gateway.Identities.queryString(
                "SELECT string_agg(outcome, ',' ORDER BY id) FROM audit_log"
                    + " WHERE action IN ('auth.lockout', 'auth.login') AND target = ?",
                email))
        .isEqualTo("failure,failure,failure,locked,locked");
    // other accounts are unaffected
    String other = newEmail();
    register(other);
    login(other, PASSWORD).then().statusCode(200);
  }

  @Test
  void anUnknownAccountLocksTheSameWay() {
    String email = newEmail();
    for (int i = 0; i < 3; i++) {
      login(email, WRONG).then().statusCode(401);
    }
    login(email, WRONG).then().statusCode(429).header("Retry-After", notNullValue());
  }

  @Test
  void theLockGrowsWithEachFurtherFailure() {
    LoginLockout lockout = io.quarkus.arc.Arc.container().instance(LoginLockout.class).get();
    assertThat(lockout.delay(0).toSeconds()).isEqualTo(30);
    assertThat(lockout.delay(1).toSeconds()).isEqualTo(60);
    assertThat(lockout.delay(3).toSeconds()).isEqualTo(240);
    assertThat(lockout.delay(40).toMinutes()).isEqualTo(15);
  }

  @Test
  void oneAddressGuessingAcrossManyAccountsIsLocked() {
    String victim = newEmail();
    register(victim);
    for (int i = 0; i < 40; i++) {
      login(newEmail(), WRONG).then().statusCode(401);
    }
    login(victim, PASSWORD).then().statusCode(429).body("type", containsString("login-locked"));
  }

  @Test
  void aSuccessClearsTheAccountsFailures() {
    String email = newEmail();
    register(email);
    login(email, WRONG).then().statusCode(401);
    login(email, WRONG).then().statusCode(401);
    login(email, PASSWORD).then().statusCode(200);
    login(email, WRONG).then().statusCode(401);
    login(email, WRONG).then().statusCode(401);
    login(email, PASSWORD).then().statusCode(200);
  }

  @Test
  void loginOutcomesAreCounted() {
    String email = newEmail();
    register(email);
    login(email, PASSWORD).then().statusCode(200);
    login(email, WRONG).then().statusCode(401);
    String body = given().get(metrics).then().statusCode(200).extract().asString();
    assertThat(body)
        .contains("qv_gateway_auth_logins_total{")
        .containsPattern("qv_gateway_auth_logins_total\\{[^}]*outcome=\"success\"")
        .containsPattern("qv_gateway_auth_logins_total\\{[^}]*outcome=\"failure\"")
        .containsPattern("qv_gateway_auth_refreshes_total\\{[^}]*outcome=\"reuse_detected\"")
        .containsPattern("qv_gateway_auth_otp_verifications_total\\{[^}]*outcome=\"replay\"");
  }
}
