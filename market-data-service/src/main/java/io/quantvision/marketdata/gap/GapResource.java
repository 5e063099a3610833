package io.quantvision.marketdata.gap;

import io.quantvision.common.security.Roles;
import io.quantvision.marketdata.Params;
import io.quantvision.marketdata.bar.BarSettings;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.symbol.SymbolLookup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/market/gaps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
public class GapResource {

  private final GapFinder finder;
  private final SymbolLookup symbols;
  private final BarSettings limits;
  private final Clock clock;

  GapResource(GapFinder finder, SymbolLookup symbols, BarSettings limits, Clock clock) {
    this.finder = finder;
    this.symbols = symbols;
    this.limits = limits;
    this.clock = clock;
  }

  /** Missing bars of {@code timeframe} (default 1Min) over [from, to) (default: the last week). */
  @GET
  @Path("/{symbol}")
  public GapReport gaps(
      @RestPath String symbol,
      @RestQuery String timeframe,
      @RestQuery String from,
      @RestQuery String to) {
    Timeframe tf = Params.timeframe("timeframe", timeframe, Timeframe.MIN_1);
    Instant now = clock.instant();
    Instant end = to == null || to.isBlank() ? now : Params.time("to", to);
    Instant start =
        from == null || from.isBlank() ? end.minus(Duration.ofDays(7)) : Params.time("from", from);
    if (start.isAfter(end)) {
      throw Params.invalid("from", "'from' (" + start + ") is after 'to' (" + end + ")");
    }
    if (Duration.between(start, end).compareTo(limits.maxRange()) > 0) {
      throw Params.invalid(
          "to", "The range is wider than the maximum of " + limits.maxRange().toDays() + " days");
    }
    String ticker = symbols.require(symbol);
    return finder.find(ticker, tf, start, end, now);
  }
}
