package io.quantvision.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quantvision.testing.infra.Infrastructure;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Named helpers the alert tests share: Alertmanager payloads, rows, what the stubs received. */
public final class Fixtures {

  public static final String DATABASE = "qv_alert_test";
  public static final String WEBHOOK = "/api/v1/alerts/webhook/alertmanager";
  public static final String WEBHOOK_TOKEN = "test-webhook-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** A fingerprint no other test uses (Alertmanager's are 16 hex digits). */
  public static String newFingerprint() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public static String newName(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /** One alert of an Alertmanager notification. */
  public static Map<String, Object> amAlert(
      String status,
      String fingerprint,
      Instant startsAt,
      Map<String, String> labels,
      String summary) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("status", status);
    alert.put("labels", labels);
    alert.put("annotations", Map.of("summary", summary, "description", "details of " + summary));
    alert.put("startsAt", startsAt.toString());
    alert.put(
        "endsAt", "resolved".equals(status) ? Instant.now().toString() : "0001-01-01T00:00:00Z");
    alert.put("generatorURL", "http://prometheus:9090/graph?g0.expr=up");
    alert.put("fingerprint", fingerprint);
    return alert;
  }

  /** An Alertmanager webhook body, payload version 4. */
  public static Map<String, Object> notification(
      String groupKey, String status, List<Map<String, Object>> alerts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", "4");
    body.put("groupKey", groupKey);
    body.put("truncatedAlerts", 0);
    body.put("status", status);
    body.put("receiver", "alert-service-critical");
    body.put("groupLabels", Map.of("alertname", "X"));
    body.put("commonLabels", Map.of());
    body.put("commonAnnotations", Map.of());
    body.put("externalURL", "http://alertmanager:9093");
    body.put("alerts", alerts);
    return body;
  }

  public static ValidatableResponse postWebhook(Object body) {
    return given()
        .auth()
        .oauth2(WEBHOOK_TOKEN)
        .contentType(ContentType.JSON)
        .body(body)
        .post(WEBHOOK)
        .then();
  }

  public static Map<String, String> labels(String alertname, String severity, String... more) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", alertname);
    labels.put("severity", severity);
    labels.put("environment", "test");
    for (int i = 0; i + 1 < more.length; i += 2) {
      labels.put(more[i], more[i + 1]);
    }
    return labels;
  }

  /** Posts one firing alert; returns its fingerprint. */
  public static String fire(String alertname, String severity, String... moreLabels) {
    String fingerprint = newFingerprint();
    fire(fingerprint, Instant.now(), labels(alertname, severity, moreLabels), alertname + " fired");
    return fingerprint;
  }

  public static void fire(
      String fingerprint, Instant startsAt, Map<String, String> labels, String summary) {
    postWebhook(
            notification(
                "{}:{alertname=\"" + labels.get("alertname") + "\"}",
                "firing",
                List.of(amAlert("firing", fingerprint, startsAt, labels, summary))))
        .statusCode(200);
  }

  /** Requests the PagerDuty stub received for a dedup key, oldest first, as JSON. */
  public static List<JsonNode> pagerDutyEvents(String dedupKey) {
    List<JsonNode> events = new ArrayList<>();
    for (LoggedRequest r :
        Stubs.http()
            .findAll(
                postRequestedFor(urlPathEqualTo(Stubs.PAGERDUTY_PATH))
                    .withRequestBody(
                        matchingJsonPath(
                            "$.dedup_key",
                            com.github.tomakehurst.wiremock.client.WireMock.equalTo(dedupKey))))) {
      events.add(read(r.getBodyAsString()));
    }
    return events;
  }

  public static List<LoggedRequest> slackMessages(String containing) {
    return Stubs.http()
        .findAll(
            postRequestedFor(urlPathEqualTo(Stubs.SLACK_PATH))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.containing(containing)));
  }

  public static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int update(String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }
}
