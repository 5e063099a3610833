package io.quantvision.marketdata.quote;

import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.marketdata.symbol.SymbolLookup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/market/quotes")
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {

  private final QuoteCache cache;
  private final SymbolLookup symbols;

  QuoteResource(QuoteCache cache, SymbolLookup symbols) {
    this.cache = cache;
    this.symbols = symbols;
  }

  /** The latest quote; {@code stale} when older than the configured limit. */
  @GET
  @Path("/{symbol}")
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public QuoteView quote(@RestPath String symbol) {
    String ticker = symbols.require(symbol);
    return cache
        .get(ticker)
        .map(cache::view)
        .orElseThrow(
            () ->
                new ProblemException(
                    404, "no-quote", "No quote", "No quote for " + ticker + " has arrived yet"));
  }
}
