package io.quantvision.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Local stand-ins for the three channels, speaking their wire formats: PagerDuty's Events API v2
 * and a Slack incoming webhook (WireMock, one server), and an SMTP server (GreenMail). Tests add
 * stubs of higher priority for their own dedup keys or messages (outages, throttling).
 */
public class Stubs implements QuarkusTestResourceLifecycleManager {

  public static final String PAGERDUTY_PATH = "/v2/enqueue";
  public static final String SLACK_PATH = "/services/T000/B000/slack-hook";
  public static final String ROUTING_KEY = "test-routing-key-0123456789abcdef";
  public static final String EMAIL_FROM = "alerts@test.quantvision.io";
  public static final String EMAIL_TO = "ops@test.quantvision.io";

  private static WireMockServer http;
  private static GreenMail smtp;

  public static synchronized WireMockServer http() {
    if (http == null) {
      http = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(30));
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
                        .withBody(
                            "{\"status\":\"success\",\"message\":\"Event processed\","
                                + "\"dedup_key\":\"{{jsonPath request.body '$.dedup_key'}}\"}")
                        .withTransformers("response-template")));
    http()
        .stubFor(
            post(urlPathEqualTo(SLACK_PATH))
                .atPriority(10)
                .willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @Override
  public Map<String, String> start() {
    String base = http().baseUrl();
    return Map.of(
        "alert.pagerduty.events-url", base + PAGERDUTY_PATH,
        "alert.pagerduty.routing-key", ROUTING_KEY,
        "alert.slack.webhook-url", base + SLACK_PATH,
        "alert.email.from", EMAIL_FROM,
        "alert.email.to", EMAIL_TO,
        "quarkus.mailer.host", "127.0.0.1",
        "quarkus.mailer.port", String.valueOf(smtp().getSmtp().getPort()),
        "quarkus.mailer.start-tls", "DISABLED");
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
