package io.quantvision.gateway;

import static io.restassured.RestAssured.given;

import io.quantvision.testing.infra.Infrastructure;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Named helpers the identity tests share: fresh accounts, logins, token payloads, SQL. */
public final class Identities {

  public static final String DATABASE = "qv_gateway_test";
  public static final String PASSWORD = "correct horse battery staple";
  public static final String ADMIN_EMAIL = "admin@test.quantvision.io";
  public static final String ADMIN_PASSWORD = "test-only-admin-password-0";

  private Identities() {}

  public static String newEmail() {
    return "user-" + UUID.randomUUID() + "@test.quantvision.io";
  }

  /** Registers a new trader; its id. */
  public static String register(String email) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", PASSWORD))
        .post("/api/v1/auth/register")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static Response login(String email, String password) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", password))
        .post("/api/v1/auth/login");
  }

  /** The token response of a successful login. */
  public static ExtractableResponse<Response> loggedIn(String email, String password) {
    return login(email, password).then().statusCode(200).extract();
  }

  public static String accessToken(String email) {
    return loggedIn(email, PASSWORD).path("access_token");
  }

  public static String adminToken() {
    return loggedIn(ADMIN_EMAIL, ADMIN_PASSWORD).path("access_token");
  }

  /** A JWT's payload as JSON text (no verification: the server's answers test that). */
  public static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  public static Connection connect() throws SQLException {
    return Infrastructure.postgres().connect(DATABASE);
  }

  public static String queryString(String sql, Object... args) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  public static int update(String sql, Object... args) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }
}
