package io.quantvision.alert.alert;

import io.quantvision.alert.identity.Caller;
import io.quantvision.alert.identity.Callers;
import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.common.time.ApiTimes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Alert history and acknowledgement. Admins see every alert; other users only their own (alerts
 * labelled with their {@code user_id}: subscriptions and price rules).
 */
@Path("/api/v1/alerts")
public class AlertResource {

  private final AlertRepository alerts;
  private final AlertService service;
  private final Callers callers;

  AlertResource(AlertRepository alerts, AlertService service, Callers callers) {
    this.alerts = alerts;
    this.service = service;
    this.callers = callers;
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public AlertPage list(
      @QueryParam("status")
          @Pattern(
              regexp = "firing|acknowledged|resolved",
              message = "must be firing, acknowledged or resolved")
          String status,
      @QueryParam("severity")
          @Pattern(regexp = "critical|warning|info", message = "must be critical, warning or info")
          String severity,
      @QueryParam("source") String source,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
      @QueryParam("page_token") String pageToken) {
    Caller caller = callers.current();
    return alerts.list(
        new AlertRepository.Filter(
            status,
            severity,
            source,
            instant("from", from),
            instant("to", to),
            caller.isAdmin() ? null : caller.userId(),
            limit,
            pageToken));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public AlertView get(@PathParam("id") String id) {
    Caller caller = callers.current();
    UUID uuid = parse(id);
    return alerts
        .find(uuid)
        .filter(a -> caller.isAdmin() || caller.userId().equals(a.userId()))
        .orElseThrow(() -> ProblemException.notFound("No alert " + id));
  }

  @POST
  @Path("/{id}/ack")
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public AlertView acknowledge(@PathParam("id") String id) {
    Caller caller = callers.current();
    return service.acknowledge(
        parse(id), caller.userId(), caller.isAdmin() ? null : caller.userId());
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No alert " + id);
    }
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant time;
    try {
      time = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(name + " must be an RFC 3339 timestamp");
    }
    if (!ApiTimes.accepted(time)) {
      throw ProblemException.badRequest(name + " must be " + ApiTimes.RANGE);
    }
    return time;
  }
}
