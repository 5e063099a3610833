package io.quantvision.analysis.signal;

import io.quantvision.analysis.api.PageToken;
import io.quantvision.analysis.api.Params;
import io.quantvision.analysis.series.SeriesLookup;
import io.quantvision.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/analysis/{symbol}/signals}: the symbol's signals, newest bar first. */
@Path("/api/v1/analysis/{symbol}/signals")
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class SignalResource {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private final SeriesLookup lookup;
  private final SignalRepository repository;

  SignalResource(SeriesLookup lookup, SignalRepository repository) {
    this.lookup = lookup;
    this.repository = repository;
  }

  /** {@code timeframe} filters when given; without it every timeframe's signals are listed. */
  @GET
  public SignalPage signals(
      @PathParam("symbol") String rawSymbol,
      @QueryParam("timeframe") String rawTimeframe,
      @QueryParam("from") String rawFrom,
      @QueryParam("to") String rawTo,
      @QueryParam("limit") String rawLimit,
      @QueryParam("page_token") String rawPageToken) {
    String symbol = Params.symbol(rawSymbol);
    String timeframe =
        rawTimeframe == null || rawTimeframe.isBlank()
            ? null
            : Params.timeframe(rawTimeframe).wireName();
    Instant from = Params.instant("from", rawFrom);
    Instant to = Params.instant("to", rawTo);
    Params.range(from, to);
    int limit = Params.limit(rawLimit, DEFAULT_LIMIT, MAX_LIMIT);
    PageToken cursor = PageToken.decode(rawPageToken);
    if (cursor != null && cursor.id() == null) {
      throw Params.invalid("page_token", "not a page token this API issued");
    }
    lookup.requireSymbol(symbol);

    List<Signal> found = repository.find(symbol, timeframe, from, to, cursor, limit + 1);
    boolean more = found.size() > limit;
    List<Signal> page = more ? found.subList(0, limit) : found;
    String next = null;
    if (more) {
      Signal last = page.get(page.size() - 1);
      next = new PageToken(last.barTime(), last.sequence(), last.signalId()).encode();
    }
    return new SignalPage(List.copyOf(page), next);
  }
}
