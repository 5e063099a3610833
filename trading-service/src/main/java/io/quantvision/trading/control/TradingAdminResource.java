package io.quantvision.trading.control;

import io.quantvision.common.security.Roles;
import io.quantvision.support.web.RequestIds;
import io.quantvision.trading.identity.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** The kill switch: {@code halt} (or restrict to reducing), {@code resume}; admins only. */
@Path("/api/v1/admin/trading")
@RolesAllowed(Roles.ADMIN)
public class TradingAdminResource {

  private final TradingControl control;
  private final Callers callers;

  TradingAdminResource(TradingControl control, Callers callers) {
    this.control = control;
    this.callers = callers;
  }

  /** {@code mode}: {@code halted} (default, only cancels) or {@code reducing}. */
  public record HaltRequest(
      @Pattern(regexp = "halted|reducing", message = "must be halted or reducing") String mode,
      @Size(max = 500) String reason) {}

  public record ResumeRequest(@Size(max = 500) String reason) {}

  @GET
  public TradingStatus status() {
    return control.status();
  }

  @POST
  @Path("/halt")
  public TradingStatus halt(
      @Valid HaltRequest request, @HeaderParam(RequestIds.HEADER) String requestId) {
    TradingState next =
        request != null && "reducing".equals(request.mode())
            ? TradingState.REDUCING
            : TradingState.HALTED;
    return control.change(
        next, callers.current().userId(), request == null ? null : request.reason(), requestId);
  }

  @POST
  @Path("/resume")
  public TradingStatus resume(
      @Valid ResumeRequest request, @HeaderParam(RequestIds.HEADER) String requestId) {
    return control.change(
        TradingState.ACTIVE,
        callers.current().userId(),
        request == null ? null : request.reason(),
        requestId);
  }
}
