package io.quantvision.trading;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quantvision.testing.infra.Infrastructure;
import io.quantvision.testing.jwt.TestTokens;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, run as a real process, is killed at the worst moments of a submission (by a
 * TEST-ONLY fault hook that halts the JVM) and restarted against the same database and the same
 * Alpaca stub: it settles the order, and the broker holds it exactly once.
 */
class CrashRecoveryIT {

  private static final String DATABASE = "qv_trading_crash_it";
  private static final Duration START = Duration.ofSeconds(90);

  private static WireMockServer alpaca;
  private static Path publicKey;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    alpaca = new WireMockServer(options().dynamicPort());
    alpaca.start();
    alpaca.stubFor(
        post(urlPathEqualTo("/v2/orders"))
            .willReturn(alpacaOrder("{{jsonPath request.body '$.client_order_id'}}")));
    publicKey = Files.createTempFile("TEST-ONLY-jwt", ".pem");
    Files.writeString(publicKey, TestTokens.testPublicKeyPem());
    freshDatabase();
    // the first templated answer initialises WireMock's template engine: not inside a timeout
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(alpaca.baseUrl() + "/v2/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_order_id\": \"warm-up\"}"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    alpaca.resetRequests();
  }

  /** Each run starts from an empty database: no order left by an earlier run is settled here. */
  private static void freshDatabase() {
    Infrastructure.Postgres pg = Infrastructure.postgres();
    try (Connection c = pg.connect("postgres");
        java.sql.Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + DATABASE, e);
    }
    Infrastructure.ensureDatabase(pg, DATABASE);
  }

  @AfterAll
  static void stop() throws IOException {
    alpaca.stop();
    Files.deleteIfExists(publicKey);
  }

  @Test
  void killedBetweenAcceptedAndTheBrokerCallItSendsTheOrderOnceAfterRestart() throws Exception {
    String symbol = "CRA" + (System.nanoTime() % 100_000);
    // closed even when it does not die as it should: a survivor would go on consuming the
    // shared streams (bars) of the suites after this one
    try (Service crashing =
        Service.start(Map.of("TRADING_FAULTS_HALT_BEFORE_BROKER_CALL", "true"))) {
      setPrice(symbol);
      crashing.submitExpectingDeath(symbol);
      assertThat(crashing.exitCode()).isEqualTo(86);
    }
    String orderId = orderOf(symbol);
    assertThat(statusOf(orderId)).isEqualTo("accepted");
    assertThat(postsFor(orderId)).isZero();

    try (Service restarted = Service.start(Map.of())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "new".equals(statusOf(orderId)));
      assertThat(brokerIdOf(orderId)).isEqualTo("alp-" + orderId);
      Thread.sleep(2_000); // a second reconciliation round changes nothing
      assertThat(postsFor(orderId)).isEqualTo(1);
    }
  }

  @Test
  void killedAfterTheBrokerTookTheOrderItAdoptsItWithoutResending() throws Exception {
    String symbol = "CRB" + (System.nanoTime() % 100_000);
    // closed even when it does not die as it should: a survivor would go on consuming the
    // shared streams (bars) of the suites after this one
    try (Service crashing =
        Service.start(Map.of("TRADING_FAULTS_HALT_AFTER_BROKER_CALL", "true"))) {
      setPrice(symbol);
      crashing.submitExpectingDeath(symbol);
      assertThat(crashing.exitCode()).isEqualTo(87);
    }
    String orderId = orderOf(symbol);
    assertThat(statusOf(orderId)).isEqualTo("accepted");
    assertThat(postsFor(orderId)).isEqualTo(1);
    alpaca.stubFor(
        get(urlPathEqualTo("/v2/orders:by_client_order_id"))
            .withQueryParam("client_order_id", equalTo(orderId))
            .willReturn(alpacaOrder(orderId)));

    try (Service restarted = Service.start(Map.of())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "new".equals(statusOf(orderId)));
      Thread.sleep(2_000);
      assertThat(postsFor(orderId)).isEqualTo(1);
      assertThat(brokerIdOf(orderId)).isEqualTo("alp-" + orderId);
    }
  }

  private static int postsFor(String orderId) {
    return alpaca
        .findAll(
            postRequestedFor(urlPathEqualTo("/v2/orders"))
                .withRequestBody(matchingJsonPath("$.client_order_id", equalTo(orderId))))
        .size();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder alpacaOrder(
      String clientOrderId) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withTransformers("response-template")
        .withBody(
            "{\"id\": \"alp-"
                + clientOrderId
                + "\", \"client_order_id\": \""
                + clientOrderId
                + "\", \"symbol\": \"X\", \"qty\": \"1\", \"filled_qty\": \"0\","
                + " \"filled_avg_price\": null, \"type\": \"market\", \"side\": \"buy\","
                + " \"time_in_force\": \"day\", \"status\": \"new\"}");
  }

  private static void setPrice(String symbol) throws SQLException {
    sql(
        "INSERT INTO market_price (symbol, price, timeframe, bar_start, revision, as_of)"
            + " VALUES (?, 10, '1Min', now() - interval '1 minute', 1, now())"
            + " ON CONFLICT (symbol) DO UPDATE SET as_of = now()",
        symbol);
  }

  private static String orderOf(String symbol) throws SQLException {
    return sql("SELECT id::text FROM orders WHERE symbol = ?", symbol);
  }

  private static String statusOf(String orderId) throws SQLException {
    return sql("SELECT status FROM orders WHERE id = ?::uuid", orderId);
  }

  private static String brokerIdOf(String orderId) throws SQLException {
    return sql("SELECT broker_order_id FROM orders WHERE id = ?::uuid", orderId);
  }

  private static String sql(String statement, String arg) throws SQLException {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = c.prepareStatement(statement)) {
      s.setString(1, arg);
      if (!statement.startsWith("SELECT")) {
        s.executeUpdate();
        return null;
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** The packaged service as a child process. */
  private static final class Service implements AutoCloseable {
    private final Process process;
    private final int port;

    private Service(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Service start(Map<String, String> faults) throws Exception {
      File jar = new File("target/quarkus-app/quarkus-run.jar");
      assertThat(jar).as("run the package phase first").exists();
      int port = Infrastructure.freePort();
      int management = Infrastructure.freePort();
      Infrastructure.Postgres pg = Infrastructure.postgres();
      ProcessBuilder builder =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx256m",
                  "-jar",
                  jar.getAbsolutePath())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(new File("target/crash-recovery-it.log")));
      Map<String, String> env = builder.environment();
      env.putAll(
          Map.of(
              "QUARKUS_HTTP_PORT", String.valueOf(port),
              "QUARKUS_MANAGEMENT_PORT", String.valueOf(management),
              "DATABASE_URL", pg.jdbcUrl(DATABASE),
              "DATABASE_USERNAME", pg.user(),
              "DATABASE_PASSWORD", pg.password(),
              "REDIS_URL", Infrastructure.redis().url(),
              "JWT_PUBLIC_KEY_LOCATION", publicKey.toString(),
              "BROKER", "alpaca",
              "ALPACA_TRADING_URL", alpaca.baseUrl(),
              "TRADING_REQUIRE_2FA", "true"));
      env.put("TRADING_SUBMIT_LEASE", "2s");
      env.put("TRADING_RECONCILE_INTERVAL", "1s");
      env.put("ALPACA_API_KEY", "crash-test");
      env.put("ALPACA_API_SECRET", "crash-test");
      env.putAll(new HashMap<>(faults));
      Service service = new Service(builder.start(), port);
      URI ready = URI.create("http://localhost:" + management + "/q/health/ready");
      await()
          .atMost(START)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!service.process.isAlive()) {
                  throw new AssertionError(
                      "the service died while starting; see target/crash-recovery-it.log");
                }
                try {
                  return HTTP.send(
                              HttpRequest.newBuilder(ready).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200;
                } catch (IOException e) {
                  return false;
                }
              });
      return service;
    }

    void submitExpectingDeath(String symbol) throws Exception {
      String body =
          "{\"symbol\": \""
              + symbol
              + "\", \"side\": \"buy\", \"type\": \"market\", \"qty\": \"1\","
              + " \"time_in_force\": \"day\", \"client_order_id\": \"crash-"
              + UUID.randomUUID()
              + "\"}";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
              .header("Authorization", "Bearer " + TestTokens.traderWithOtp("crash-" + symbol))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        throw new AssertionError("the service answered instead of dying: " + response.body());
      } catch (IOException expected) {
        // the process halted mid-request
      }
      assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    int exitCode() {
      return process.exitValue();
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
