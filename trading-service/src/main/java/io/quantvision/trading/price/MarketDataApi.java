package io.quantvision.trading.price;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** market-data-service's quote API (DESIGN.md), reached only through {@link MarketDataQuotes}. */
@RegisterRestClient(configKey = "market-data")
@Path("/api/v1/market/quotes")
interface MarketDataApi {

  @GET
  @Path("/{symbol}")
  QuoteBody quote(
      @PathParam("symbol") String symbol, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer);

  record QuoteBody(
      String symbol,
      BigDecimal bidPrice,
      BigDecimal askPrice,
      BigDecimal lastPrice,
      Instant timestamp,
      boolean stale) {}
}
