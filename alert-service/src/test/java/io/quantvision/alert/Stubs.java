package io.quantvision.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Local stand-ins for the three channels, speaking their wire formats: PagerDuty's Events API v2
 * and a Slack incoming webhook (WireMock, one server, which also stands in for the five services'
 * readiness endpoints), and an SMTP server (GreenMail). Tests add stubs of higher priority for
 * their own dedup keys or messages (outages, throttling).
 */
public class Stubs implements QuarkusTestResourceLifecycleManager {

  public static final String PAGERDUTY_PATH = "/v2/enqueue";
  public static final String SLACK_PATH = "/services/T000/B000/slack-hook";
  public static final String ROUTING_KEY = "test-routing-key-0123456789abcdef";
  public static final String EMAIL_FROM = "alerts@test.quantvision.io";
  public static final String EMAIL_TO = "ops@test.quantvision.io";

  public static final List<String> SERVICES =
      List.of(
          "gateway-service",
          "market-data-service",
          "analysis-service",
          "trading-service",
          "alert-service");

  private static WireMockServer http;
  private static GreenMail smtp;

  public static synchronized WireMockServer http() {
    if (http == null) {
      http =
          new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(30));
      http.start();
      resetDefaults();
      Runtime.getRuntime().addShutdownHook(new Thread(http::stop));
    }
    return http;
  }

  public static synchronized GreenMail smtp() {
    if (smtp == null) {
      smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
      Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
    }
    return smtp;
  }

  /** The five services' management interfaces, each under its own path of the stub server. */
  public static String healthBase(String service) {
    return "/management/" + service;
  }

  /** PagerDuty answers 202 success, Slack 200 ok: the happy path at the lowest priority. */
  public static void resetDefaults() {
    http()
        .stubFor(
            post(urlPathEqualTo(PAGERDUTY_PATH))
                .atPriority(10)
                .willReturn(
                    aResponse()
                        .withStatus(202)
                        .withHeader("Content-Type", "application/json")
                        // static: WireMock's template engine takes seconds to start on a busy
                        // machine, longer than a client timeout (a timeout means a resend)
                        .withBody("{\"status\":\"success\",\"message\":\"Event processed\"}")));
    for (String service : SERVICES) {
      http()
          .stubFor(
              get(urlPathEqualTo(healthBase(service) + "/q/health/ready"))
                  .atPriority(10)
                  .willReturn(
                      aResponse()
                          .withStatus(200)
                          .withHeader("Content-Type", "application/json")
                          .withBody("{\"status\":\"UP\",\"checks\":[]}")));
    }
    http()
        .stubFor(
            post(urlPathEqualTo(SLACK_PATH))
                .atPriority(10)
                .willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @Override
  public Map<String, String> start() {
    String base = http().baseUrl();
    Map<String, String> config = new HashMap<>();
    config.put("alert.pagerduty.events-url", base + PAGERDUTY_PATH);
    config.put("alert.pagerduty.routing-key", ROUTING_KEY);
    config.put("alert.slack.webhook-url", base + SLACK_PATH);
    config.put("alert.email.from", EMAIL_FROM);
    config.put("alert.email.to", EMAIL_TO);
    config.put("quarkus.mailer.host", "127.0.0.1");
    config.put("quarkus.mailer.port", String.valueOf(smtp().getSmtp().getPort()));
    config.put("quarkus.mailer.start-tls", "DISABLED");
    for (String service : SERVICES) {
      config.put("alert.monitoring.services." + service, base + healthBase(service));
    }
    return config;
  }

  @Override
  public void stop() {
    // the servers live as long as the JVM: several application starts share them
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
