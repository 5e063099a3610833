package io.quantvision.trading.broker;

import io.quantvision.trading.TradingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * The one client of Alpaca's Trading API. Lookups and cancels are idempotent and retried; a new
 * order is never retried here: a POST whose answer was lost may have landed, so the caller asks by
 * client_order_id before anything is sent again.
 */
@ApplicationScoped
public class AlpacaClient {

  static final String PAPER_URL = "https://paper-api.alpaca.markets";
  static final String LIVE_URL = "https://api.alpaca.markets";

  private final AlpacaApi api;
  private final String key;
  private final String secret;

  AlpacaClient(TradingConfig config) {
    TradingConfig.Alpaca alpaca = config.alpaca();
    String url = alpaca.tradingUrl().orElse(alpaca.paperTrading() ? PAPER_URL : LIVE_URL);
    this.api =
        RestClientBuilder.newBuilder()
            .baseUri(URI.create(url))
            .connectTimeout(2, TimeUnit.SECONDS)
            .readTimeout(5, TimeUnit.SECONDS)
            .build(AlpacaApi.class);
    this.key = alpaca.apiKey().orElse("");
    this.secret = alpaca.apiSecret().orElse("");
  }

  @Timeout(5000)
  @CircuitBreaker(
      requestVolumeThreshold = 6,
      failureRatio = 0.5,
      delay = 10_000,
      skipOn = BrokerRefused.class)
  @Retry(maxRetries = 0)
  @Fallback(fallbackMethod = "submitOutcomeUnknown", skipOn = BrokerRefused.class)
  public AlpacaApi.AlpacaOrder submit(AlpacaApi.NewOrder order) {
    try {
      return api.submit(key, secret, order);
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      String body = bodyOf(e);
      if (status == 422 && body.contains("client_order_id")) {
        // already there: a previous attempt landed; the caller looks it up
        throw new BrokerException(
            BrokerException.Kind.UNKNOWN_OUTCOME, "Alpaca already has this client_order_id");
      }
      if (status == 403 || status == 422) {
        throw new BrokerRefused("Alpaca refused the order (" + status + "): " + body);
      }
      throw e;
    }
  }

  AlpacaApi.AlpacaOrder submitOutcomeUnknown(AlpacaApi.NewOrder order, Throwable failure) {
    if (failure instanceof BrokerException known) {
      throw known;
    }
    throw new BrokerException(
        BrokerException.Kind.UNKNOWN_OUTCOME,
        "no answer from Alpaca for order " + order.clientOrderId() + ": " + describe(failure),
        failure);
  }

  /** Alpaca's view of the order with this client_order_id; empty when Alpaca has none. */
  @Timeout(3000)
  @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = BrokerRefused.class)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10_000)
  @Fallback(fallbackMethod = "lookupUnavailable")
  public Optional<AlpacaApi.AlpacaOrder> byClientOrderId(String clientOrderId) {
    try {
      return Optional.of(api.byClientOrderId(key, secret, clientOrderId));
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Without an answer we do not know whether Alpaca has the order: never "absent". */
  Optional<AlpacaApi.AlpacaOrder> lookupUnavailable(String clientOrderId, Throwable failure) {
    throw new BrokerException(
        BrokerException.Kind.UNAVAILABLE,
        "cannot ask Alpaca about " + clientOrderId + ": " + describe(failure),
        failure);
  }

  /** Asks Alpaca to cancel; false when Alpaca says the order can no longer be canceled. */
  @Timeout(3000)
  @Retry(maxRetries = 2, delay = 200, jitter = 100)
  @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 10_000)
  @Fallback(fallbackMethod = "cancelUnavailable")
  public boolean cancel(String brokerOrderId) {
    try {
      api.cancel(key, secret, brokerOrderId);
      return true;
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status == 422 || status == 404) {
        return false;
      }
      throw e;
    }
  }

  boolean cancelUnavailable(String brokerOrderId, Throwable failure) {
    throw new BrokerException(
        BrokerException.Kind.UNAVAILABLE,
        "cannot cancel " + brokerOrderId + " at Alpaca: " + describe(failure),
        failure);
  }

  private static String bodyOf(WebApplicationException e) {
    try {
      return e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
    } catch (RuntimeException unreadable) {
      return "";
    }
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getSimpleName() + ": " + failure.getMessage();
  }
}
