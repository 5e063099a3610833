package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.marketdata.Params;
import io.quantvision.marketdata.symbol.SymbolLookup;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quantvision.support.web.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/market/bars")
public class BarResource {

  /**
   * The suite's list shape, with the query's symbol and timeframe: what {@link BarPageJson} writes
   * (held to it by {@code BarPageJsonTest}).
   */
  public record BarPage(String symbol, String timeframe, List<Bar> items, String nextPageToken) {}

  private static final MediaType CSV = MediaType.valueOf(BarCsv.MEDIA_TYPE);

  private final BarRepository bars;
  private final BarWriter writer;
  private final SymbolRepository symbols;
  private final BarSettings settings;
  private final Clock clock;
  private final Semaphore querySlots;

  BarResource(
      BarRepository bars,
      BarWriter writer,
      SymbolRepository symbols,
      BarSettings settings,
      Clock clock) {
    this.bars = bars;
    this.writer = writer;
    this.symbols = symbols;
    this.settings = settings;
    this.clock = clock;
    this.querySlots = new Semaphore(settings.maxConcurrentQueries(), true);
  }

  /**
   * Bars as JSON ({@code {"symbol", "timeframe", "items", "next_page_token"}}), or as CSV when the
   * client prefers {@code text/csv} (the continuation token then travels in {@code
   * X-Next-Page-Token}); JSON for {@code *}{@code /*} or no {@code Accept}.
   */
  @GET
  @Path("/{symbol}")
  @Produces({MediaType.APPLICATION_JSON, BarCsv.MEDIA_TYPE})
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public Response bars(
      @RestPath String symbol,
      @RestQuery String timeframe,
      @RestQuery String from,
      @RestQuery String to,
      @RestQuery Integer limit,
      @RestQuery("page_token") String pageToken,
      @Context HttpHeaders headers,
      @Context HttpServerRequest request) {
    BarQuery query = query(symbol, timeframe, from, to, limit, pageToken);
    boolean csv = prefersCsv(headers.getAcceptableMediaTypes());
    // Reading and encoding a page is the costly part (10,000 bars at most): at most
    // max-concurrent-queries at a time, so an overload is answered 503 + Retry-After instead of
    // holding hundreds of pages in memory at once; each page is encoded here, inside the permit,
    // and its bars dropped before the bytes are written out.
    if (!acquireQuerySlot()) {
      return Response.fromResponse(
              Problems.response(
                  Problems.ofStatus(503, "Too many bar queries at once; retry in a second"),
                  request))
          .header("Retry-After", "1")
          .build();
    }
    try {
      if (!csv) {
        return Response.ok(jsonPage(query), MediaType.APPLICATION_JSON_TYPE).build();
      }
      List<Bar> page = fetch(query);
      String next = nextToken(query, page); // drops the look-ahead bar
      Response.ResponseBuilder answer = Response.ok(BarCsv.write(page), BarCsv.MEDIA_TYPE);
      if (next != null) {
        answer.header("X-Next-Page-Token", next);
      }
      return answer.build();
    } finally {
      querySlots.release();
    }
  }

  /** The JSON page written from the rows as they arrive (no {@link Bar}s: the hot path). */
  private Buffer jsonPage(BarQuery query) {
    BarPageJson page = new BarPageJson(query.symbol(), query.timeframe(), query.limit());
    if (query.from() == null) {
      bars.scanTail(query.symbol(), query.timeframe(), query.to(), query.limit(), page);
    } else {
      Instant from = query.after() == null ? query.from() : query.after().plusNanos(1_000);
      bars.scanRange(query.symbol(), query.timeframe(), from, query.to(), query.limit() + 1, page);
    }
    if (page.size() == 0 && symbols.find(query.symbol()).isEmpty()) {
      throw SymbolLookup.unknown(query.symbol());
    }
    return page.finish(page.hasMore() ? BarQuery.encodeToken(page.lastStart()) : null);
  }

  private boolean acquireQuerySlot() {
    try {
      return querySlots.tryAcquire(settings.queryQueueWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The first acceptable type (highest q first) that names one of ours decides. */
  private static boolean prefersCsv(List<MediaType> acceptable) {
    for (MediaType type : acceptable) {
      if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
        return false;
      }
      if (type.isCompatible(CSV) && !type.isWildcardType() && !type.isWildcardSubtype()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Bulk import as JSON: {@code {"symbol"?, "timeframe"?, "bars": [{start, open, high, low, close,
   * volume, trade_count?, vwap?, symbol?, timeframe?}]}}. All or nothing unless {@code partial}.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public WriteResult importJson(
      JsonNode body, @RestQuery boolean partial, @HeaderParam("X-Request-Id") String requestId) {
    if (body == null || !body.isObject() || !body.path("bars").isArray()) {
      throw ProblemException.badRequest("The body must be an object with a 'bars' array");
    }
    RowReader reader =
        new RowReader(
            text(body.get("symbol")),
            optionalTimeframe(text(body.get("timeframe"))),
            null,
            BarImport.PROVIDER);
    List<RowOutcome> rows = new ArrayList<>();
    long index = 0;
    for (JsonNode element : body.get("bars")) {
      if (!element.isObject()) {
        rows.add(Rejection.atIndex(index++, RejectReason.UNPARSEABLE, "not a JSON object"));
        continue;
      }
      Map<String, String> row = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String canonical = RowReader.canonical(field.getKey());
        if (canonical != null && !field.getValue().isNull()) {
          row.put(canonical, field.getValue().asText());
        }
      }
      rows.add(reader.read(index++, false, row));
    }
    return store(rows, partial, requestId);
  }

  /**
   * Bulk import as CSV (common layouts, see {@link RowReader}); {@code symbol} and {@code
   * timeframe} supply what the file lacks; local times are read in {@code tz} (New York by
   * default).
   */
  @POST
  @Consumes({BarCsv.MEDIA_TYPE, MediaType.TEXT_PLAIN})
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public WriteResult importCsv(
      String body,
      @RestQuery String symbol,
      @RestQuery String timeframe,
      @RestQuery String tz,
      @RestQuery boolean partial,
      @HeaderParam("X-Request-Id") String requestId) {
    if (body == null || body.isBlank()) {
      throw ProblemException.badRequest("The body is empty");
    }
    ZoneId zone;
    try {
      zone = tz == null || tz.isBlank() ? null : ZoneId.of(tz);
    } catch (DateTimeException e) {
      throw Params.invalid("tz", "'tz' is not a time zone id such as America/New_York");
    }
    RowReader reader =
        new RowReader(
            symbol == null || symbol.isBlank() ? null : SymbolLookup.normalise(symbol),
            optionalTimeframe(timeframe),
            zone,
            BarImport.PROVIDER);
    return store(BarCsv.read(body, reader), partial, requestId);
  }

  private WriteResult store(List<RowOutcome> rows, boolean partial, String requestId) {
    if (rows.isEmpty()) {
      throw ProblemException.badRequest("The body holds no bars");
    }
    BarWriter.Checked checked = writer.check(BarImport.PROVIDER, rows);
    if (!checked.rejected().isEmpty() && !partial) {
      throw new ProblemException(
          Problem.of(
                  422,
                  "invalid-bars",
                  "Invalid bars",
                  checked.rejected().size()
                      + " of "
                      + rows.size()
                      + " rows cannot be bars; nothing was stored (send partial=true to store"
                      + " the valid rows)")
              .with("errors", checked.rejected()));
    }
    return writer.store(BarImport.PROVIDER, checked, List.of(), requestId);
  }

  private BarQuery query(
      String symbol, String timeframe, String from, String to, Integer limit, String pageToken) {
    return BarQuery.of(
        SymbolLookup.normalise(symbol),
        timeframe,
        from,
        to,
        limit,
        pageToken,
        settings,
        clock.instant());
  }

  private List<Bar> fetch(BarQuery query) {
    List<Bar> page;
    if (query.from() == null) {
      page = bars.tail(query.symbol(), query.timeframe(), query.to(), query.limit());
    } else {
      Instant from = query.after() == null ? query.from() : query.after().plusNanos(1_000);
      page = bars.range(query.symbol(), query.timeframe(), from, query.to(), query.limit() + 1);
    }
    // An empty answer is either no data or no such symbol; only then ask which.
    if (page.isEmpty() && symbols.find(query.symbol()).isEmpty()) {
      throw SymbolLookup.unknown(query.symbol());
    }
    return page;
  }

  /**
   * With {@code from}, {@link #fetch} reads one bar more than the limit to know whether more exist;
   * this drops it from the page and returns the token that continues after the page.
   */
  private static String nextToken(BarQuery query, List<Bar> page) {
    if (query.from() == null || page.size() <= query.limit()) {
      return null;
    }
    page.remove(page.size() - 1);
    return BarQuery.encodeToken(page.get(page.size() - 1).start());
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Timeframe optionalTimeframe(String label) {
    return label == null || label.isBlank() ? null : Params.timeframe("timeframe", label, null);
  }
}
