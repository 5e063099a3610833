package io.quantvision.trading.broker;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Alpaca Trading API v2, the calls this service makes; used only by {@link AlpacaClient}. */
@RegisterRestClient(configKey = "alpaca")
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface AlpacaApi {

  String KEY = "APCA-API-KEY-ID";
  String SECRET = "APCA-API-SECRET-KEY";

  @POST
  @Path("/orders")
  AlpacaOrder submit(
      @HeaderParam(KEY) String key, @HeaderParam(SECRET) String secret, NewOrder order);

  @GET
  @Path("/orders:by_client_order_id")
  AlpacaOrder byClientOrderId(
      @HeaderParam(KEY) String key,
      @HeaderParam(SECRET) String secret,
      @QueryParam("client_order_id") String clientOrderId);

  @DELETE
  @Path("/orders/{id}")
  void cancel(
      @HeaderParam(KEY) String key, @HeaderParam(SECRET) String secret, @PathParam("id") String id);

  /** The request body of {@code POST /v2/orders}. */
  record NewOrder(
      String symbol,
      BigDecimal qty,
      BigDecimal notional,
      String side,
      String type,
      String timeInForce,
      BigDecimal limitPrice,
      BigDecimal stopPrice,
      String clientOrderId) {}

  /** Alpaca's order object, the members this service reads. */
  record AlpacaOrder(
      String id,
      String clientOrderId,
      String symbol,
      String status,
      BigDecimal qty,
      BigDecimal filledQty,
      BigDecimal filledAvgPrice,
      Instant updatedAt) {}
}
