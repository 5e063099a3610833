package io.quantvision.trading.price;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one client of market-data's quote API, consulted when the bars have not told us a fresh
 * price. The caller's bearer token is forwarded: market-data checks it as every service does.
 */
@ApplicationScoped
public class MarketDataQuotes {

  private final MarketDataApi api;

  MarketDataQuotes(@RestClient MarketDataApi api) {
    this.api = api;
  }

  @Timeout(1500)
  @Retry(maxRetries = 2, delay = 100, jitter = 50)
  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000)
  @Fallback(fallbackMethod = "unavailable")
  public QuoteLookup quote(String symbol, String bearer) {
    MarketDataApi.QuoteBody body;
    try {
      body = api.quote(symbol, bearer);
    } catch (WebApplicationException e) {
      if (e.getResponse().getStatus() == 404) {
        return QuoteLookup.unknownSymbol();
      }
      throw e;
    }
    BigDecimal price = body.lastPrice();
    if (price == null && body.bidPrice() != null && body.askPrice() != null) {
      price =
          body.bidPrice().add(body.askPrice()).divide(BigDecimal.TWO, 4, RoundingMode.HALF_EVEN);
    }
    if (price == null || price.signum() <= 0 || body.timestamp() == null) {
      return QuoteLookup.unavailable();
    }
    return QuoteLookup.found(
        new Quote(symbol, price, body.timestamp(), body.stale(), "market-data"));
  }

  /** Without market-data the bars we already have are all there is (the caller decides). */
  QuoteLookup unavailable(String symbol, String bearer) {
    return QuoteLookup.unavailable();
  }
}
