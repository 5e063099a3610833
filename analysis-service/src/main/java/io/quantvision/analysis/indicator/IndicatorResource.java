package io.quantvision.analysis.indicator;

import io.quantvision.analysis.api.Decimals;
import io.quantvision.analysis.api.PageToken;
import io.quantvision.analysis.api.Params;
import io.quantvision.analysis.bar.Timeframe;
import io.quantvision.analysis.series.SeriesKey;
import io.quantvision.analysis.series.SeriesLookup;
import io.quantvision.analysis.series.SeriesRepository;
import io.quantvision.analysis.series.StoredBar;
import io.quantvision.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/v1/analysis/{symbol}/indicators}: indicator values per bar, oldest first. */
@Path("/api/v1/analysis/{symbol}/indicators")
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class IndicatorResource {

  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 5_000;

  private final SeriesLookup lookup;
  private final SeriesRepository repository;

  IndicatorResource(SeriesLookup lookup, SeriesRepository repository) {
    this.lookup = lookup;
    this.repository = repository;
  }

  @GET
  public IndicatorSeries indicators(
      @PathParam("symbol") String rawSymbol,
      @QueryParam("timeframe") String rawTimeframe,
      @QueryParam("names") List<String> rawNames,
      @QueryParam("from") String rawFrom,
      @QueryParam("to") String rawTo,
      @QueryParam("limit") String rawLimit,
      @QueryParam("page_token") String rawPageToken) {
    String symbol = Params.symbol(rawSymbol);
    Timeframe timeframe = Params.timeframe(rawTimeframe);
    Set<Indicator> wanted = names(rawNames);
    Instant from = Params.instant("from", rawFrom);
    Instant to = Params.instant("to", rawTo);
    Params.range(from, to);
    int limit = Params.limit(rawLimit, DEFAULT_LIMIT, MAX_LIMIT);
    PageToken cursor = PageToken.decode(rawPageToken);
    SeriesKey key = lookup.require(symbol, timeframe);

    Instant start = from;
    if (cursor != null) {
      // timestamps are stored to the microsecond: the next one is strictly after the cursor
      Instant next = cursor.time().plusNanos(1_000);
      start = start == null || next.isAfter(start) ? next : start;
    }
    List<StoredBar> bars = repository.barsBetween(key, start, to, limit + 1);
    boolean more = bars.size() > limit;
    List<StoredBar> page = more ? bars.subList(0, limit) : bars;
    List<IndicatorSeries.Point> items = new ArrayList<>(page.size());
    for (StoredBar bar : page) {
      items.add(new IndicatorSeries.Point(bar.start(), values(bar, wanted)));
    }
    return new IndicatorSeries(
        symbol,
        timeframe.wireName(),
        wanted.stream()
            .map(i -> new IndicatorSeries.Description(i.wireName(), i.warmUpBars()))
            .toList(),
        items,
        more ? PageToken.at(page.get(page.size() - 1).start()).encode() : null);
  }

  private static Map<String, Object> values(StoredBar bar, Set<Indicator> wanted) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (!IndicatorEngine.readable(bar.state())) {
      return values;
    }
    Reading reading = IndicatorEngine.read(bar.state());
    for (Indicator indicator : wanted) {
      Map<String, Double> parts = reading.values(indicator);
      if (parts.isEmpty()) {
        continue;
      }
      if (indicator.singleValued()) {
        values.put(indicator.wireName(), Decimals.format(parts.get(Reading.VALUE)));
      } else {
        Map<String, String> formatted = new LinkedHashMap<>();
        parts.forEach((part, value) -> formatted.put(part, Decimals.format(value)));
        values.put(indicator.wireName(), formatted);
      }
    }
    return values;
  }

  /** Requested indicators (repeated and/or comma-separated); all of them when none is named. */
  static Set<Indicator> names(List<String> rawNames) {
    Set<Indicator> wanted = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    if (rawNames != null) {
      for (String raw : rawNames) {
        for (String name : raw.split(",")) {
          if (name.isBlank()) {
            continue;
          }
          Indicator.named(name).ifPresentOrElse(wanted::add, () -> unknown.add(name.trim()));
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw Params.invalid(
          "names",
          "unknown indicator(s) "
              + String.join(", ", unknown)
              + "; known: "
              + Indicator.knownNames());
    }
    if (wanted.isEmpty()) {
      wanted.addAll(Arrays.asList(Indicator.values()));
    }
    return wanted;
  }
}
