package io.quantvision.marketdata.provider;

import io.quantvision.marketdata.metrics.MarketDataMetrics;
import io.quantvision.marketdata.provider.AlpacaDataApi.BarsPage;
import io.quantvision.marketdata.provider.AlpacaDataApi.LatestQuotes;
import io.quantvision.marketdata.provider.AlpacaDataApi.LatestTrades;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Every call to Alpaca Market Data goes through here: classified failures (counted on {@code
 * qv_marketdata_provider_errors_total}), retries with backoff that honours {@code Retry-After}, a
 * circuit breaker per endpoint family, a timeout, and a fallback that says what happens instead.
 * Timeouts, retries and breaker settings can be overridden with MicroProfile FT properties, e.g.
 * {@code AlpacaDataClient/barsPage/Retry/maxRetries}.
 */
@ApplicationScoped
public class AlpacaDataClient {

  static final String PROVIDER = AlpacaProvider.NAME;

  private final AlpacaDataApi api;
  private final ProviderSettings settings;
  private final MarketDataMetrics metrics;

  AlpacaDataClient(
      @RestClient AlpacaDataApi api, ProviderSettings settings, MarketDataMetrics metrics) {
    this.api = api;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** One page of historical bars; a backfill or pull cannot go on without it. */
  @Timeout(value = 20, unit = ChronoUnit.SECONDS)
  @Retry(
      maxRetries = 4,
      delay = 500,
      maxDuration = 120,
      durationUnit = ChronoUnit.SECONDS,
      jitter = 0,
      retryOn = {AlpacaCallException.Retryable.class, TimeoutException.class})
  @CustomBackoff(RetryAfterBackoff.class)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.5,
      delay = 30,
      delayUnit = ChronoUnit.SECONDS,
      successThreshold = 2,
      failOn = {AlpacaCallException.Retryable.class, TimeoutException.class})
  @CircuitBreakerName("alpaca-bars")
  @Fallback(BarsUnavailable.class)
  public BarsPage barsPage(
      String symbols, String timeframe, Instant start, Instant end, String pageToken) {
    ProviderSettings.Alpaca alpaca = settings.alpaca();
    return call(
        () ->
            api.bars(
                alpaca.apiKey().orElse(null),
                alpaca.apiSecret().orElse(null),
                symbols,
                timeframe,
                start.toString(),
                end.toString(),
                alpaca.pageSize(),
                "raw",
                alpaca.feed(),
                pageToken));
  }

  /** Latest quotes; without them the cached quotes simply age until flagged stale. */
  @Timeout(value = 5, unit = ChronoUnit.SECONDS)
  @Retry(
      maxRetries = 1,
      delay = 200,
      jitter = 0,
      retryOn = {AlpacaCallException.Retryable.class, TimeoutException.class})
  @CustomBackoff(RetryAfterBackoff.class)
  @CircuitBreaker(
      requestVolumeThreshold = 10,
      failureRatio = 0.5,
      delay = 30,
      delayUnit = ChronoUnit.SECONDS,
      successThreshold = 2,
      failOn = {AlpacaCallException.Retryable.class, TimeoutException.class})
  @CircuitBreakerName("alpaca-quotes")
  @Fallback(QuotesUnavailable.class)
  public Latest latest(String symbols) {
    ProviderSettings.Alpaca alpaca = settings.alpaca();
    LatestQuotes quotes =
        call(
            () ->
                api.latestQuotes(
                    alpaca.apiKey().orElse(null),
                    alpaca.apiSecret().orElse(null),
                    symbols,
                    alpaca.feed()));
    LatestTrades trades =
        call(
            () ->
                api.latestTrades(
                    alpaca.apiKey().orElse(null),
                    alpaca.apiSecret().orElse(null),
                    symbols,
                    alpaca.feed()));
    return new Latest(quotes, trades);
  }

  /** The latest quotes and trades of a set of symbols; null members when unavailable. */
  public record Latest(LatestQuotes quotes, LatestTrades trades) {}

  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      AlpacaCallException failure;
      if (status == 429) {
        failure =
            new AlpacaCallException.Retryable(
                "Alpaca rate limit (429)",
                "rate_limited",
                retryAfter(e.getResponse().getHeaderString("Retry-After")),
                e);
      } else if (status >= 500) {
        failure =
            new AlpacaCallException.Retryable("Alpaca answered " + status, "server_error", null, e);
      } else {
        failure =
            new AlpacaCallException(
                "Alpaca refused the request (" + status + ")", "client_error", false, null, e);
      }
      metrics.countProviderError(PROVIDER, failure.kind());
      throw failure;
    } catch (ProcessingException e) {
      String kind = isTimeout(e) ? "timeout" : isParsing(e) ? "invalid_response" : "network";
      metrics.countProviderError(PROVIDER, kind);
      if (kind.equals("invalid_response")) {
        throw new AlpacaCallException("Alpaca sent an unreadable answer", kind, false, null, e);
      }
      throw new AlpacaCallException.Retryable(
          "Alpaca unreachable: " + e.getMessage(), kind, null, e);
    }
  }

  /** {@code Retry-After} is delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof java.net.SocketTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isParsing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return true;
      }
    }
    return false;
  }

  /** Bars cannot be made up: the caller (a job, the pull) records the failure and moves on. */
  @ApplicationScoped
  static class BarsUnavailable implements FallbackHandler<BarsPage> {
    private final MarketDataMetrics metrics;

    BarsUnavailable(MarketDataMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public BarsPage handle(ExecutionContext context) {
      throw unavailable("bars", context.getFailure(), metrics);
    }
  }

  /** No fresh quotes: keep the cached ones, which turn stale by themselves. */
  @ApplicationScoped
  static class QuotesUnavailable implements FallbackHandler<Latest> {
    private final MarketDataMetrics metrics;

    QuotesUnavailable(MarketDataMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public Latest handle(ExecutionContext context) {
      countTimeoutOrOpenCircuit(context.getFailure(), metrics);
      return new Latest(null, null);
    }
  }

  static ProviderUnavailableException unavailable(
      String what, Throwable failure, MarketDataMetrics metrics) {
    countTimeoutOrOpenCircuit(failure, metrics);
    String reason =
        failure instanceof CircuitBreakerOpenException
            ? "circuit open after repeated failures"
            : failure.getMessage();
    return new ProviderUnavailableException("Alpaca " + what + " unavailable: " + reason, failure);
  }

  private static void countTimeoutOrOpenCircuit(Throwable failure, MarketDataMetrics metrics) {
    if (failure instanceof CircuitBreakerOpenException) {
      metrics.countProviderError(PROVIDER, "circuit_open");
    } else if (failure instanceof TimeoutException) {
      metrics.countProviderError(PROVIDER, "timeout");
    }
  }
}
