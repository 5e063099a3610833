package io.quantvision.analysis.report;

import io.quantvision.analysis.api.Params;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * {@code POST /api/v1/analysis/{symbol}/report} writes (or serves the cached) report on the
 * symbol's latest bar: 201 with its Location when new, 200 when cached. {@code GET
 * /api/v1/analysis/reports/{id}} reads one back.
 */
@Path("/api/v1/analysis")
@RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

  private final ReportService reports;

  ReportResource(ReportService reports) {
    this.reports = reports;
  }

  @POST
  @Path("/{symbol}/report")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@PathParam("symbol") String rawSymbol, ReportRequest request) {
    String symbol = Params.symbol(rawSymbol);
    ReportService.Served served =
        reports.report(symbol, Params.timeframe(request == null ? null : request.timeframe()));
    if (served.cached()) {
      return Response.ok(served.report())
          .header("Content-Location", location(served.report().id()))
          .build();
    }
    return Response.created(location(served.report().id())).entity(served.report()).build();
  }

  @GET
  @Path("/reports/{id}")
  public Report get(@PathParam("id") String rawId) {
    UUID id;
    try {
      id = UUID.fromString(rawId);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No report " + rawId);
    }
    return reports.find(id).orElseThrow(() -> ProblemException.notFound("No report " + rawId));
  }

  private static URI location(UUID id) {
    return URI.create("/api/v1/analysis/reports/" + id);
  }
}
