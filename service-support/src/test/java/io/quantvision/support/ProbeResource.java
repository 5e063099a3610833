package io.quantvision.support;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.math.BigDecimal;
import org.jboss.logging.Logger;

/** A tiny application to exercise the shared runtime pieces as a service would use them. */
@Path("/probe")
public class ProbeResource {

  static final Logger LOG = Logger.getLogger(ProbeResource.class);

  public record OrderLike(
      @NotBlank String symbol,
      @NotNull @Positive BigDecimal qty,
      @Size(max = 48) String clientOrderId) {}

  @POST
  public OrderLike echo(@Valid OrderLike body) {
    return body;
  }

  /** How a (blocking) endpoint got its body: read ahead into memory, or streamed to it. */
  @POST
  @Path("/body-source")
  public String bodySource(String body, RoutingContext context) {
    return (context.body().buffer() != null ? "memory:" : "stream:") + body.length();
  }

  @GET
  @Path("/problem")
  public String problem() {
    throw new ProblemException(
        Problem.of(422, "risk-rejected", "Order rejected by risk checks", "too large")
            .with("reason", "MAX_ORDER_NOTIONAL"));
  }

  @GET
  @Path("/boom")
  public String boom() {
    throw new IllegalStateException("secret internal detail");
  }

  @GET
  @Path("/secured")
  @RolesAllowed("trader")
  public String secured() {
    return "ok";
  }

  @GET
  @Path("/log")
  public String log() {
    LOG.info("probe logged");
    return "logged";
  }
}
