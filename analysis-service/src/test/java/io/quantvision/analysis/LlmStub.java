package io.quantvision.analysis;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * A local HTTP server speaking the OpenAI chat-completions wire format (WireMock), which the
 * service under test uses as its LLM endpoint. Tests stub its answers through the injected server.
 */
public class LlmStub implements QuarkusTestResourceLifecycleManager {

  public static final String API_KEY = "test-llm-key";
  public static final String MODEL = "test-model";
  public static final String PATH = "/v1/chat/completions";

  /** Marks a {@link WireMockServer} field to receive the stub. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Server {}

  private WireMockServer server;

  @Override
  public Map<String, String> start() {
    server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
    server.start();
    return Map.of(
        "analysis.llm.base-url", server.baseUrl() + "/v1",
        "analysis.llm.api-key", API_KEY,
        "analysis.llm.model", MODEL);
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        server, new TestInjector.AnnotatedAndMatchesType(Server.class, WireMockServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}
