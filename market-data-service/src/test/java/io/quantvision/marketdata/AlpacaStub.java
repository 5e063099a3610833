package io.quantvision.marketdata;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A local stand-in for Alpaca Market Data (WireMock); each test stubs the answers it needs in
 * Alpaca's v2 JSON. The service is pointed at it with fake credentials.
 */
public class AlpacaStub implements QuarkusTestResourceLifecycleManager {

  public static final String KEY = "test-key-id";
  public static final String SECRET = "test-secret";

  /** Marks the test field that receives the running stub. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  private WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    return Map.of(
        "quarkus.rest-client.alpaca-data.url", server.baseUrl(),
        "market-data.provider.alpaca.api-key", KEY,
        "market-data.provider.alpaca.api-secret", SECRET);
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        server, new TestInjector.AnnotatedAndMatchesType(Inject.class, WireMockServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}
