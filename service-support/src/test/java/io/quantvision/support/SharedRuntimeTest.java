package io.quantvision.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SharedRuntimeTest {

  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String CALLER_REQUEST_ID = "caller-req-0001";

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void malformedJsonGetsA400ProblemCarryingTheRequestId() {
    Response response =
        given().contentType("application/json").body("{\"symbol\": \"AAPL\",").post("/probe");

    response
        .then()
        .statusCode(400)
        .contentType(PROBLEM_JSON)
        .body("type", endsWith("/malformed-json"))
        .body("status", is(400))
        .body("instance", is("/probe"))
        .body("request_id", equalTo(response.header("X-Request-Id")));
    assertThat(response.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void aValueOfTheWrongTypeIsA400NamingTheField() {
    given()
        .contentType("application/json")
        .body("{\"symbol\": \"AAPL\", \"qty\": \"lots\"}")
        .post("/probe")
        .then()
        .statusCode(400)
        .contentType(PROBLEM_JSON)
        .body("errors.field", hasItems("qty"));
  }

  @Test
  void aDuplicatedKeyIsRefused() {
    given()
        .contentType("application/json")
        .body("{\"symbol\": \"AAPL\", \"qty\": 1, \"qty\": 1000000}")
        .post("/probe")
        .then()
        .statusCode(400)
        .contentType(PROBLEM_JSON);
  }

  @Test
  void beanValidationNamesEachFieldAsItIsSpelledOnTheWire() {
    given()
        .contentType("application/json")
        .body("{\"symbol\": \"\", \"qty\": -1, \"client_order_id\": \"" + "x".repeat(49) + "\"}")
        .post("/probe")
        .then()
        .statusCode(400)
        .contentType(PROBLEM_JSON)
        .body("type", endsWith("/validation"))
        .body("errors.field", hasItems("symbol", "qty", "client_order_id"));
  }

  @Test
  void decimalsAreWrittenAsStringsAndReadFromNumbers() {
    given()
        .contentType("application/json")
        .body("{\"symbol\": \"AAPL\", \"qty\": 10.50, \"client_order_id\": \"c-1\"}")
        .post("/probe")
        .then()
        .statusCode(200)
        .body("qty", is("10.50"))
        .body("client_order_id", is("c-1"));
  }

  @Test
  void aDomainProblemKeepsItsStatusTypeAndExtensions() {
    given()
        .get("/probe/problem")
        .then()
        .statusCode(422)
        .contentType(PROBLEM_JSON)
        .body("type", endsWith("/risk-rejected"))
        .body("reason", is("MAX_ORDER_NOTIONAL"))
        .body("request_id", notNullValue());
  }

  @Test
  void anUnexpectedErrorIsA500WithoutAStackTraceOrItsMessage() {
    given()
        .get("/probe/boom")
        .then()
        .statusCode(500)
        .contentType(PROBLEM_JSON)
        .body(not(containsString("secret internal detail")))
        .body(not(containsString("at io.quantvision")))
        .body("request_id", notNullValue());
  }

  @Test
  void anUnknownPathIsA404Problem() {
    given()
        .get("/no/such/thing")
        .then()
        .statusCode(404)
        .contentType(PROBLEM_JSON)
        .body("instance", is("/no/such/thing"));
  }

  @Test
  void aWrongMethodIsA405Problem() {
    given().delete("/probe").then().statusCode(405).contentType(PROBLEM_JSON);
  }

  @Test
  void aBodyOverTheLimitIsA413Problem() {
    given()
        .contentType("application/json")
        .body("{\"symbol\": \"" + "A".repeat(4096) + "\", \"qty\": 1}")
        .post("/probe")
        .then()
        .statusCode(413)
        .contentType(PROBLEM_JSON)
        .body("status", is(413));
  }

  @Test
  void aSaneCallerRequestIdIsKeptAndAnInsaneOneReplaced() {
    given()
        .header("X-Request-Id", CALLER_REQUEST_ID)
        .get("/probe/problem")
        .then()
        .header("X-Request-Id", CALLER_REQUEST_ID)
        .body("request_id", is(CALLER_REQUEST_ID));

    String replaced =
        given()
            .header("X-Request-Id", "<script>alert(1)</script>")
            .get("/probe/problem")
            .header("X-Request-Id");
    assertThat(replaced).doesNotContain("<").hasSize(36);
  }

  @Test
  void aMissingTokenIsA401ProblemAndAWrongRoleA403() {
    given()
        .get("/probe/secured")
        .then()
        .statusCode(401)
        .contentType(PROBLEM_JSON)
        .header("WWW-Authenticate", containsString("Bearer"));
    given()
        .auth()
        .oauth2(TestTokens.viewer("u-1"))
        .get("/probe/secured")
        .then()
        .statusCode(403)
        .contentType(PROBLEM_JSON);
    given()
        .auth()
        .oauth2(TestTokens.token("u-1").roles("trader").withForeignKey().sign())
        .get("/probe/secured")
        .then()
        .statusCode(401)
        .contentType(PROBLEM_JSON);
    given().auth().oauth2(TestTokens.trader("u-1")).get("/probe/secured").then().statusCode(200);
  }

  @Test
  void httpLatencyIsKeptAsAHistogramTaggedWithTheService() {
    given().get("/probe/log").then().statusCode(200);

    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            matchesPattern(
                "(?s).*http_server_requests_seconds_bucket\\{[^}]*service=\"service-support-probe\"[^}]*uri=\"/probe/log\"[^}]*\\}.*"))
        // the latency SLO of monitoring/ counts requests slower than 500 ms from this bucket
        .body(
            matchesPattern(
                "(?s).*http_server_requests_seconds_bucket\\{[^}]*uri=\"/probe/log\",le=\"0\\.5\"\\}.*"));
  }

  @Test
  void logLinesWrittenWhileServingARequestCarryItsId() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            // the MDC is read lazily: take it now, on the thread that logged
            ((ExtLogRecord) record).copyAll();
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(ProbeResource.class.getName());
    logger.addHandler(capture);
    try {
      given().header("X-Request-Id", CALLER_REQUEST_ID).get("/probe/log").then().statusCode(200);
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(records)
        .filteredOn(r -> "probe logged".equals(r.getMessage()))
        .singleElement()
        .satisfies(
            r -> assertThat(((ExtLogRecord) r).getMdc("request_id")).isEqualTo(CALLER_REQUEST_ID));
  }
}
