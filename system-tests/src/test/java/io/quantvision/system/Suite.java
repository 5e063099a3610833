package io.quantvision.system;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quantvision.testing.infra.Infrastructure;
import io.quantvision.testing.jwt.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole suite, started once per test JVM: the five services from their packaged jars, on the
 * machine's PostgreSQL (a fresh database each) and a private Redis, with local stubs for what
 * cannot run here (the LLM endpoint, PagerDuty, Slack). Tokens: the gateway signs with the
 * TEST-ONLY key, so test-support's {@link TestTokens} are valid too, for drills that go to one
 * service directly.
 */
final class Suite {

  static final List<String> SERVICES =
      List.of(
          "gateway-service",
          "market-data-service",
          "analysis-service",
          "trading-service",
          "alert-service");
  static final String ADMIN_EMAIL = "admin@system.test";
  static final String ADMIN_PASSWORD = "system-test-admin-password-0";
  static final String ALERTMANAGER_TOKEN = "system-test-alertmanager-token";
  static final String PAGERDUTY_ROUTING_KEY = "system-test-routing-key";
  static final String SLACK_PATH = "/services/T000/B000/system-test";

  /** Symbols the market-data service knows; each test uses its own. */
  static final List<String> SYMBOLS =
      List.of("QVE2E", "QVSWITCH", "QVROLES", "QVCRASH", "QVREDIS", "QVPAGE");

  private static final Duration START_PATIENCE = Duration.ofMinutes(3);
  private static Suite instance;

  final Path work;
  final PrivateRedis redis;
  final WireMockServer llm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  final WireMockServer pagerDuty =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  final WireMockServer slack = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  final GreenMail smtp;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> environments = new HashMap<>();

  static synchronized Suite get() {
    if (instance == null) {
      instance = new Suite();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "suite-stop"));
      instance.start();
    }
    return instance;
  }

  private Suite() {
    try {
      work = Files.createDirectories(Path.of(root(), "system-tests", "target", "suite"));
      redis = new PrivateRedis(Infrastructure.freePort(), Files.createTempDirectory("qv-redis"));
      smtp = new GreenMail(new ServerSetup(Infrastructure.freePort(), "127.0.0.1", "smtp"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ServiceProcess service(String name) {
    return services.get(name);
  }

  String gateway() {
    return service("gateway-service").url();
  }

  /** The database a service of the suite uses. */
  static String database(String service) {
    return "qv_sys_" + service.substring(0, service.indexOf('-')).replace("market", "marketdata");
  }

  private void start() {
    redis.start();
    llm.start();
    pagerDuty.start();
    slack.start();
    smtp.start();
    answerLikeTheRealServices();
    Infrastructure.Postgres postgres = Infrastructure.postgres();
    Map<String, Integer> httpPorts = new HashMap<>();
    try {
      for (String service : SERVICES) {
        httpPorts.put(service, Infrastructure.freePort());
      }
      Path publicKey = copy(TestTokens.PUBLIC_KEY_LOCATION, "jwt-public.pem");
      Path privateKey = copy(TestTokens.PRIVATE_KEY_LOCATION, "jwt-private.pem");
      Map<String, String> managementUrls = new HashMap<>();
      Map<String, Integer> managementPorts = new HashMap<>();
      for (String service : SERVICES) {
        int port = Infrastructure.freePort();
        managementPorts.put(service, port);
        managementUrls.put(service, "http://localhost:" + port);
      }
      for (String service : SERVICES) {
        Infrastructure.recreateDatabase(postgres, database(service));
        Map<String, String> env = new HashMap<>();
        env.put("ENVIRONMENT", "system-test");
        env.put("QUARKUS_HTTP_PORT", httpPorts.get(service).toString());
        env.put("QUARKUS_MANAGEMENT_PORT", managementPorts.get(service).toString());
        env.put("DATABASE_URL", postgres.jdbcUrl(database(service)));
        env.put("DATABASE_USERNAME", postgres.user());
        env.put("DATABASE_PASSWORD", postgres.password() == null ? "" : postgres.password());
        env.put("REDIS_URL", redis.url());
        env.put("JWT_PUBLIC_KEY_LOCATION", publicKey.toString());
        env.put("MARKET_DATA_URL", "http://localhost:" + httpPorts.get("market-data-service"));
        env.put("ANALYSIS_URL", "http://localhost:" + httpPorts.get("analysis-service"));
        env.put("TRADING_URL", "http://localhost:" + httpPorts.get("trading-service"));
        env.put("ALERT_URL", "http://localhost:" + httpPorts.get("alert-service"));
        env.putAll(settingsOf(service, privateKey, managementUrls));
        environments.put(service, Map.copyOf(env));
        services.put(
            service,
            new ServiceProcess(
                service,
                Path.of(root(), service, "target", "quarkus-app", "quarkus-run.jar"),
                env,
                work));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    services.values().forEach(ServiceProcess::start);
    services.values().forEach(s -> s.awaitReady(START_PATIENCE));
  }

  /**
   * Starts (and returns, ready) one more instance of {@code service} on ports of its own, with the
   * same database, Redis and settings as the suite's: what a second replica behind the ALB is. The
   * caller stops it.
   */
  ServiceProcess startReplica(String service) {
    Map<String, String> env = new HashMap<>(environments.get(service));
    try {
      env.put("QUARKUS_HTTP_PORT", Integer.toString(Infrastructure.freePort()));
      env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(Infrastructure.freePort()));
      ServiceProcess replica =
          new ServiceProcess(
              service + "-replica",
              Path.of(root(), service, "target", "quarkus-app", "quarkus-run.jar"),
              env,
              work);
      replica.start();
      replica.awaitReady(START_PATIENCE);
      return replica;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PagerDuty's Events API v2 and Slack's incoming webhook, as they answer when all is well. */
  void answerLikeTheRealServices() {
    pagerDuty.resetAll();
    pagerDuty.stubFor(
        WireMock.post(WireMock.urlPathEqualTo("/v2/enqueue"))
            .willReturn(
                WireMock.aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"success\",\"message\":\"Event processed\","
                            + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")
                    .withTransformers("response-template")));
    slack.resetAll();
    slack.stubFor(
        WireMock.post(WireMock.urlPathEqualTo(SLACK_PATH))
            .willReturn(WireMock.aResponse().withStatus(200).withBody("ok")));
  }

  /** Restarts what a drill left dead and waits until every service is ready again. */
  void heal() {
    redis.ensureRunning();
    for (ServiceProcess service : services.values()) {
      if (!service.isAlive()) {
        service.start();
      }
    }
    services.values().forEach(s -> s.awaitReady(START_PATIENCE));
  }

  private Map<String, String> settingsOf(
      String service, Path privateKey, Map<String, String> managementUrls) {
    Map<String, String> env = new HashMap<>();
    switch (service) {
      case "gateway-service" -> {
        env.put("JWT_PRIVATE_KEY_LOCATION", privateKey.toString());
        env.put("QV_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("QV_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("TOTP_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("RATE_LIMIT_PER_MINUTE", "60");
        env.put("RATE_LIMIT_PER_HOUR", "1000");
        // six JVMs on two cores: a Redis answer can take longer than the production 200 ms here,
        // and a timeout hands the decision to the instance's own limiter (not what is tested)
        env.put("QV_RATE_LIMIT_REDIS_TIMEOUT", "2s");
        // every test client logs in from 127.0.0.1: the per-address login/2FA budget is raised
        env.put("RATE_LIMIT_AUTH_PER_MINUTE", "1000");
        env.put("RATE_LIMIT_AUTH_PER_HOUR", "10000");
        env.put("ADMIN_ALLOWED_CIDRS", "127.0.0.0/8,::1/128");
      }
      case "market-data-service" -> {
        env.put("MARKET_DATA_SYMBOLS", String.join(",", SYMBOLS));
        // only the bars the tests import: a drill counts them
        env.put("MARKET_DATA_PULL_ENABLED", "false");
        env.put("MARKET_DATA_QUOTES_ENABLED", "false");
      }
      case "analysis-service" -> {
        env.put("LLM_BASE_URL", llm.baseUrl() + "/v1");
        env.put("LLM_API_KEY", "system-test-llm-key");
        env.put("LLM_MODEL", "gpt-system-test");
        env.put("LLM_TIMEOUT_MS", "3000");
      }
      case "trading-service" -> {
        env.put("BROKER", "paper");
        env.put("TRADING_REQUIRE_2FA", "true");
        env.put("TRADING_STARTING_CASH", "100000000");
        env.put("TRADING_MAX_ORDERS_PER_MINUTE", "100000");
        env.put("TRADING_MAX_OPEN_ORDERS", "100000");
        env.put("TRADING_MAX_POSITION_QTY", "10000000");
        env.put("TRADING_MAX_ORDER_NOTIONAL", "10000000");
        env.put("TRADING_RECENT_2FA_NOTIONAL", "10000000");
      }
      case "alert-service" -> {
        env.put("PAGERDUTY_EVENTS_URL", pagerDuty.baseUrl() + "/v2/enqueue");
        env.put("PAGERDUTY_ROUTING_KEY", PAGERDUTY_ROUTING_KEY);
        env.put("SLACK_WEBHOOK_URL", slack.baseUrl() + SLACK_PATH);
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("SMTP_START_TLS", "DISABLED");
        env.put("ALERT_EMAIL_FROM", "alerts@system.test");
        env.put("ALERT_EMAIL_TO", "oncall@system.test");
        // business notifications (price rules) to Slack as well as to the subscriber's email
        env.put("ALERT_ROUTE_INFO", "slack,email");
        env.put("ALERTMANAGER_WEBHOOK_TOKEN", ALERTMANAGER_TOKEN);
        env.put("GATEWAY_MANAGEMENT_URL", managementUrls.get("gateway-service"));
        env.put("MARKET_DATA_MANAGEMENT_URL", managementUrls.get("market-data-service"));
        env.put("ANALYSIS_MANAGEMENT_URL", managementUrls.get("analysis-service"));
        env.put("TRADING_MANAGEMENT_URL", managementUrls.get("trading-service"));
        env.put("ALERT_MANAGEMENT_URL", managementUrls.get("alert-service"));
      }
      default -> throw new IllegalArgumentException(service);
    }
    return env;
  }

  private void stop() {
    services.values().forEach(ServiceProcess::stop);
    redis.stop();
    llm.stop();
    pagerDuty.stop();
    slack.stop();
    smtp.stop();
  }

  private Path copy(String resource, String name) throws IOException {
    Path target = work.resolve(name);
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the class path");
      }
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  static String root() {
    String root = System.getProperty("qv.root");
    return root != null ? root : Path.of("..").toAbsolutePath().normalize().toString();
  }
}
