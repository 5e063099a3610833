package io.quantvision.trading.order;

import io.quantvision.common.problem.ProblemException;
import io.quantvision.common.security.Roles;
import io.quantvision.trading.identity.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Orders of the calling user: submit (201, or 200 for a replay), list, read, cancel. */
@Path("/api/v1/orders")
public class OrderResource {

  private final OrderService orders;
  private final OrderRepository repository;
  private final Callers callers;

  OrderResource(OrderService orders, OrderRepository repository, Callers callers) {
    this.orders = orders;
    this.repository = repository;
    this.callers = callers;
  }

  @POST
  @RolesAllowed(Roles.TRADER)
  public Response submit(
      @Valid @NotNull OrderRequest request,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    OrderService.Submission submission =
        orders.submit(callers.trader(), request, authorization, callers);
    if (!submission.created()) {
      return Response.ok(submission.order()).build();
    }
    return Response.created(URI.create("/api/v1/orders/" + submission.order().id()))
        .entity(submission.order())
        .build();
  }

  @GET
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public OrderPage list(
      @QueryParam("status")
          @DefaultValue("open")
          @Pattern(
              regexp =
                  "open|closed|all|accepted|new|partially_filled|pending_cancel|filled|canceled|expired|rejected",
              message = "must be open, closed, all or an order status")
          String status,
      @QueryParam("symbols") String symbols,
      @QueryParam("side") @Pattern(regexp = "buy|sell", message = "must be buy or sell")
          String side,
      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
      @QueryParam("page_token") String pageToken) {
    List<String> symbolList =
        symbols == null || symbols.isBlank()
            ? List.of()
            : Arrays.stream(symbols.split(","))
                .map(s -> s.trim().toUpperCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    return repository.list(callers.current().userId(), status, symbolList, side, limit, pageToken);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.VIEWER, Roles.TRADER, Roles.ADMIN})
  public OrderView get(@PathParam("id") String id) {
    return orders.view(callers.current().userId(), parse(id));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Roles.TRADER)
  public OrderView cancel(@PathParam("id") String id) {
    return orders.cancel(callers.trader(), parse(id));
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("No order " + id);
    }
  }
}
