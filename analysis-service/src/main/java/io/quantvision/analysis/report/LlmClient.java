package io.quantvision.analysis.report;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * The one way to the LLM. Each attempt takes one call from the shared budget, is bounded by
 * {@code @Timeout} (analysis.llm.timeout-millis), and its answer must pass the report schema; a
 * 5xx, a 429 or a broken connection is retried once; repeated failures open the circuit; and
 * whatever goes wrong, {@link LlmFallback} turns it into an answer that says why, so the caller
 * writes the rule-based report instead. Never throws.
 *
 * <p>The REST client is built here rather than injected: the base URL is optional (unset means
 * rule-based reports only), which a {@code @RegisterRestClient} bean cannot express. It is built at
 * start-up: a malformed URL fails the start, and the first report does not pay for building it.
 */
@Startup
@ApplicationScoped
public class LlmClient {

  private static final Logger LOG = Logger.getLogger(LlmClient.class);

  private final LlmSettings settings;
  private final LlmBudget budget;
  private final ChatCompletionsApi api;

  LlmClient(LlmSettings settings, LlmBudget budget) {
    this.settings = settings;
    this.budget = budget;
    this.api =
        settings
            .baseUrl()
            .filter(url -> !url.isBlank())
            .map(
                url ->
                    QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create(url.endsWith("/") ? url : url + "/"))
                        .connectTimeout(2, TimeUnit.SECONDS)
                        // the @Timeout below is the real limit; this only frees the connection
                        .readTimeout(settings.timeoutMillis() + 1_000, TimeUnit.MILLISECONDS)
                        .build(ChatCompletionsApi.class))
            .orElse(null);
    if (api == null) {
      LOG.info("no LLM endpoint configured (LLM_BASE_URL): reports are rule-based");
    } else {
      LOG.infof(
          "LLM reports from %s at %s, at most %d calls per minute",
          settings.model(),
          URI.create(settings.baseUrl().orElseThrow()).getHost(),
          settings.callsPerMinute());
    }
  }

  /** Whether an endpoint is configured at all. */
  public boolean enabled() {
    return api != null;
  }

  @Timeout(value = 10_000, unit = ChronoUnit.MILLIS)
  @Retry(maxRetries = 1, delay = 200, jitter = 100, retryOn = LlmUnavailableException.class)
  @CircuitBreaker(
      requestVolumeThreshold = 6,
      failureRatio = 0.5,
      delay = 30_000,
      successThreshold = 2,
      skipOn = BudgetExhaustedException.class)
  @Fallback(LlmFallback.class)
  public LlmAnswer complete(Prompt prompt) {
    if (api == null) {
      throw new LlmRejectedException("no LLM endpoint is configured");
    }
    if (!budget.tryAcquire()) {
      throw new BudgetExhaustedException(
          "the budget of " + settings.callsPerMinute() + " model calls per minute is spent");
    }
    ChatCompletionsApi.Response response;
    try {
      response =
          api.complete(
              "Bearer " + settings.apiKey().orElse(""),
              new ChatCompletionsApi.Request(
                  prompt.model(),
                  List.of(
                      new ChatCompletionsApi.Message("system", prompt.system()),
                      new ChatCompletionsApi.Message("user", prompt.user())),
                  settings.temperature(),
                  settings.maxTokens(),
                  new ChatCompletionsApi.ResponseFormat("json_object")));
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status >= 500 || status == 429) {
        throw new LlmUnavailableException("the LLM endpoint answered " + status, e);
      }
      throw new LlmRejectedException("the LLM endpoint refused the call with " + status);
    } catch (ProcessingException e) {
      throw new LlmUnavailableException("the LLM endpoint cannot be reached", e);
    }
    if (response == null || response.choices() == null || response.choices().isEmpty()) {
      throw new InvalidAnswerException("the response has no choices");
    }
    ChatCompletionsApi.Choice choice = response.choices().get(0);
    if ("length".equals(choice.finishReason())) {
      throw new InvalidAnswerException("the answer was cut off at the token limit");
    }
    String content = choice.message() == null ? null : choice.message().content();
    ReportDraft draft = AnswerValidator.validate(content, prompt.referencePrice());
    String model = response.model() == null ? prompt.model() : response.model();
    return LlmAnswer.success(draft, model);
  }
}
