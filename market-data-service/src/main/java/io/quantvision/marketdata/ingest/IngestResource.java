package io.quantvision.marketdata.ingest;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.marketdata.Params;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.provider.ProviderSettings;
import io.quantvision.marketdata.symbol.SymbolLookup;
import io.quantvision.marketdata.symbol.SymbolRepository;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;

/** Admin backfills: a job per request, run in the background, polled for its status. */
@Path("/api/v1/market/ingest")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class IngestResource {

  private static final Set<String> PROVIDERS = Set.of("simulated", "alpaca");

  private final IngestJobRepository jobs;
  private final IngestRunner runner;
  private final SymbolRepository symbols;
  private final IngestSettings settings;
  private final ProviderSettings providers;

  IngestResource(
      IngestJobRepository jobs,
      IngestRunner runner,
      SymbolRepository symbols,
      IngestSettings settings,
      ProviderSettings providers) {
    this.jobs = jobs;
    this.runner = runner;
    this.symbols = symbols;
    this.settings = settings;
    this.providers = providers;
  }

  /** 202 with the queued job and its {@code Location}. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Valid @NotNull IngestRequest request, SecurityContext security) {
    Timeframe timeframe = Params.timeframe("timeframe", request.timeframe(), null);
    Instant from = Params.time("from", request.from());
    Instant to = Params.time("to", request.to());
    if (!from.isBefore(to)) {
      throw Params.invalid("from", "'from' must be before 'to'");
    }
    if (Duration.between(from, to).compareTo(settings.maxRange()) > 0) {
      throw Params.invalid(
          "to", "A backfill may cover at most " + settings.maxRange().toDays() + " days; split it");
    }
    if (request.symbols().size() > settings.maxSymbols()) {
      throw Params.invalid("symbols", "At most " + settings.maxSymbols() + " symbols per backfill");
    }
    String provider =
        request.provider() == null || request.provider().isBlank()
            ? providers.name().trim().toLowerCase(Locale.ROOT)
            : request.provider().trim().toLowerCase(Locale.ROOT);
    if (!PROVIDERS.contains(provider)) {
      throw Params.invalid("provider", "'provider' must be one of " + PROVIDERS);
    }
    Set<String> tickers = new LinkedHashSet<>();
    request.symbols().forEach(s -> tickers.add(SymbolLookup.normalise(s)));
    Set<String> known = symbols.known(tickers);
    List<String> unknown = tickers.stream().filter(t -> !known.contains(t)).toList();
    if (!unknown.isEmpty()) {
      throw new ProblemException(
          Problem.of(404, "unknown-symbol", "Unknown symbol", "Unknown symbols: " + unknown)
              .with("symbols", unknown));
    }
    String requestedBy =
        security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    IngestJob job =
        jobs.create(provider, List.copyOf(tickers), timeframe.label(), from, to, requestedBy);
    runner.wakeUp();
    return Response.accepted(job).location(URI.create("/api/v1/market/ingest/" + job.id())).build();
  }

  @GET
  @Path("/{id}")
  public IngestJob get(@RestPath String id) {
    UUID jobId;
    try {
      jobId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No ingest job " + id);
    }
    return jobs.find(jobId).orElseThrow(() -> ProblemException.notFound("No ingest job " + id));
  }
}
