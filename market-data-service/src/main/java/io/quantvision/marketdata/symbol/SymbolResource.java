package io.quantvision.marketdata.symbol;

import io.quantvision.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/market/symbols")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
public class SymbolResource {

  /** The suite's list shape; symbols are few, so one page. */
  public record SymbolList(List<Symbol> items, String nextPageToken) {}

  private final SymbolRepository symbols;
  private final SymbolLookup lookup;

  SymbolResource(SymbolRepository symbols, SymbolLookup lookup) {
    this.symbols = symbols;
    this.lookup = lookup;
  }

  @GET
  public SymbolList list() {
    return new SymbolList(symbols.all(), null);
  }

  @GET
  @Path("/{symbol}")
  public Symbol one(@RestPath String symbol) {
    String ticker = SymbolLookup.normalise(symbol);
    return symbols.find(ticker).orElseThrow(() -> SymbolLookup.unknown(ticker));
  }
}
