package io.quantvision.trading;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * One local HTTP stub for what trading calls outside itself: market-data's quote API (an unknown
 * symbol by default) and Alpaca's Trading API v2, speaking their JSON. Tests add stubs for their
 * own symbols and client order ids.
 */
public class StubServer implements QuarkusTestResourceLifecycleManager {

  private static WireMockServer server;

  public static synchronized WireMockServer server() {
    if (server == null) {
      server = new WireMockServer(options().dynamicPort().containerThreads(20));
      server.start();
      warmUp(server);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server;
  }

  // The first templated answer initialises the template engine (seconds on a busy machine):
  // pay that here, not inside a client timeout under test.
  private static void warmUp(WireMockServer server) {
    server.stubFor(
        get(urlPathMatching("/warm-up"))
            .willReturn(
                aResponse().withBody("{{request.path}}").withTransformers("response-template")));
    try {
      java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(server.baseUrl() + "/warm-up"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("the stub server does not answer", e);
    }
  }

  /** market-data answers 404 for symbols no test has stubbed. */
  public static void resetDefaults() {
    server()
        .stubFor(
            get(urlPathMatching("/api/v1/market/quotes/.*"))
                .atPriority(10)
                .willReturn(
                    aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":404,\"title\":\"Not found\"}")));
  }

  @Override
  public Map<String, String> start() {
    resetDefaults();
    String url = server().baseUrl();
    return Map.of("quarkus.rest-client.market-data.url", url, "trading.alpaca.trading-url", url);
  }

  @Override
  public void stop() {
    // the server lives as long as the JVM: several application starts share it
  }
}
