package io.quantvision.gateway.audit;

import static io.quantvision.gateway.Identities.PASSWORD;
import static io.quantvision.gateway.Identities.adminToken;
import static io.quantvision.gateway.Identities.connect;
import static io.quantvision.gateway.Identities.login;
import static io.quantvision.gateway.Identities.newEmail;
import static io.quantvision.gateway.Identities.queryString;
import static io.quantvision.gateway.Identities.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quantvision.gateway.Identities;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditLogTest {

  @Inject AuditLog auditLog;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void authEventsAreRecordedWithTheRequestIdAndClientIp() throws Exception {
    String email = newEmail();
    String id = register(email);
    given()
        .header("X-Request-Id", "audit-test-" + id)
        .contentType("application/json")
        .body(java.util.Map.of("email", email, "password", "wrong password here"))
        .post("/api/v1/auth/login")
        .then()
        .statusCode(401);
    assertThat(
            queryString(
                "SELECT actor || '|' || outcome || '|' || client_ip FROM audit_log"
                    + " WHERE action = 'auth.login' AND request_id = ?",
                "audit-test-" + id))
        .startsWith("anonymous|failure|")
        .doesNotEndWith("|");
    assertThat(
            queryString(
                "SELECT outcome FROM audit_log WHERE action = 'auth.register' AND actor = ?", id))
        .isEqualTo("success");
    login(email, PASSWORD).then().statusCode(200);
    assertThat(
            queryString(
                "SELECT count(*) FROM audit_log WHERE action = 'auth.login' AND actor = ?", id))
        .isEqualTo("1");
  }

  @Test
  void everyIdentityEventOfAUserIsAudited() throws Exception {
    String email = newEmail();
    String id = register(email);
    var tokens = Identities.loggedIn(email, PASSWORD);
    String token = tokens.path("access_token");
    String first = tokens.path("refresh_token");
    String second = refresh(first);
    refresh(first); // reuse: the family is revoked
    given()
        .contentType("application/json")
        .body(java.util.Map.of("refresh_token", second))
        .post("/api/v1/auth/logout")
        .then()
        .statusCode(204);
    String keyId =
        given()
            .auth()
            .oauth2(token)
            .contentType("application/json")
            .body(java.util.Map.of("name", "audited"))
            .post("/api/v1/auth/api-keys")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    given()
        .auth()
        .oauth2(token)
        .post("/api/v1/auth/api-keys/" + keyId + "/rotate")
        .then()
        .statusCode(200);
    given().auth().oauth2(token).delete("/api/v1/auth/api-keys/" + keyId).then().statusCode(204);
    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .post("/api/v1/auth/2fa/enroll")
        .then()
        .statusCode(200);
    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(java.util.Map.of("code", "000000"))
        .post("/api/v1/auth/2fa/verify")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(adminToken())
        .contentType("application/json")
        .body(java.util.Map.of("roles", List.of("viewer")))
        .post("/api/v1/admin/users/" + id + "/roles")
        .then()
        .statusCode(200);

    String actions =
        queryString(
            "SELECT string_agg(action || ':' || outcome, ',' ORDER BY id) FROM audit_log"
                + " WHERE actor = ? OR target LIKE ?",
            id,
            id + "%");
    assertThat(actions)
        .contains("auth.register:success")
        .contains("auth.login:success")
        .contains("auth.refresh:success")
        .contains("auth.refresh.reuse_detected:family_revoked")
        .contains("auth.logout:success")
        .contains("auth.api_key.create:success")
        .contains("auth.api_key.rotate:success")
        .contains("auth.api_key.revoke:success")
        .contains("auth.2fa.enroll:success")
        .contains("auth.2fa.verify:failure")
        .contains("admin.roles.grant:success");
  }

  private static String refresh(String token) {
    var response =
        given()
            .contentType("application/json")
            .body(java.util.Map.of("refresh_token", token))
            .post("/api/v1/auth/refresh");
    return response.statusCode() == 200 ? response.path("refresh_token") : null;
  }

  @Test
  void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        done.add(
            pool.submit(
                () ->
                    auditLog.record(
                        new AuditLog.AuditEvent(
                            "key:test",
                            "http.POST",
                            "/api/v1/orders",
                            "201",
                            "10.0.0." + n,
                            "req-concurrent-" + n))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    verify().body("valid", equalTo(true)).body("first_broken_id", nullValue());
  }

  @Test
  void anEventWithMissingFieldsIsStillRecorded() throws Exception {
    auditLog.record(new AuditLog.AuditEvent(null, null, null, null, null, "req-missing-fields"));
    assertThat(
            queryString(
                "SELECT actor || '|' || action || '|' || outcome FROM audit_log"
                    + " WHERE request_id = 'req-missing-fields'"))
        .isEqualTo("anonymous|unknown|unknown");
    verify().body("valid", equalTo(true));
  }

  @Test
  void theDatabaseRefusesToChangeOrRemoveAuditRows() throws Exception {
    register(newEmail());
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET outcome = 'x'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_log"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void verifyingFindsTheFirstTamperedRow() throws Exception {
    register(newEmail());
    register(newEmail());
    verify().body("valid", equalTo(true));
    long target = Long.parseLong(queryString("SELECT max(id) - 1 FROM audit_log"));
    String original = queryString("SELECT outcome FROM audit_log WHERE id = ?", target);
    // only by switching the triggers off (a superuser's act) can a row be edited at all
    tamper(target, "forged");
    try {
      verify().body("valid", equalTo(false)).body("first_broken_id", equalTo((int) target));
    } finally {
      tamper(target, original);
    }
    verify().body("valid", equalTo(true));
  }

  @Test
  void onlyAdminsVerifyTheChain() {
    String email = newEmail();
    register(email);
    given()
        .auth()
        .oauth2(Identities.accessToken(email))
        .get("/api/v1/admin/audit/verify")
        .then()
        .statusCode(403);
    given().get("/api/v1/admin/audit/verify").then().statusCode(401);
  }

  private static io.restassured.response.ValidatableResponse verify() {
    return given()
        .auth()
        .oauth2(adminToken())
        .get("/api/v1/admin/audit/verify")
        .then()
        .statusCode(200);
  }

  private static void tamper(long id, String outcome) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      assertThat(
              s.executeUpdate("UPDATE audit_log SET outcome = '" + outcome + "' WHERE id = " + id))
          .isEqualTo(1);
    }
  }
}
