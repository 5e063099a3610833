package io.quantvision.marketdata.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/** Alpaca Market Data API v2, stock endpoints (https://docs.alpaca.markets/reference). */
@RegisterRestClient(configKey = "alpaca-data")
@Path("/v2/stocks")
interface AlpacaDataApi {

  String KEY_HEADER = "APCA-API-KEY-ID";
  String SECRET_HEADER = "APCA-API-SECRET-KEY";

  @GET
  @Path("/bars")
  BarsPage bars(
      @HeaderParam(KEY_HEADER) String key,
      @HeaderParam(SECRET_HEADER) String secret,
      @RestQuery String symbols,
      @RestQuery String timeframe,
      @RestQuery String start,
      @RestQuery String end,
      @RestQuery int limit,
      @RestQuery String adjustment,
      @RestQuery String feed,
      @RestQuery("page_token") String pageToken);

  @GET
  @Path("/quotes/latest")
  LatestQuotes latestQuotes(
      @HeaderParam(KEY_HEADER) String key,
      @HeaderParam(SECRET_HEADER) String secret,
      @RestQuery String symbols,
      @RestQuery String feed);

  @GET
  @Path("/trades/latest")
  LatestTrades latestTrades(
      @HeaderParam(KEY_HEADER) String key,
      @HeaderParam(SECRET_HEADER) String secret,
      @RestQuery String symbols,
      @RestQuery String feed);

  /** {@code {"bars": {"AAPL": [...]}, "next_page_token": "..."}} */
  record BarsPage(
      @JsonProperty("bars") Map<String, List<AlpacaBar>> bars,
      @JsonProperty("next_page_token") String nextPageToken) {}

  record AlpacaBar(
      @JsonProperty("t") Instant t,
      @JsonProperty("o") BigDecimal o,
      @JsonProperty("h") BigDecimal h,
      @JsonProperty("l") BigDecimal l,
      @JsonProperty("c") BigDecimal c,
      @JsonProperty("v") BigDecimal v,
      @JsonProperty("n") Long n,
      @JsonProperty("vw") BigDecimal vw) {}

  record LatestQuotes(@JsonProperty("quotes") Map<String, AlpacaQuote> quotes) {}

  record AlpacaQuote(
      @JsonProperty("t") Instant t,
      @JsonProperty("bp") BigDecimal bp,
      @JsonProperty("ap") BigDecimal ap) {}

  record LatestTrades(@JsonProperty("trades") Map<String, AlpacaTrade> trades) {}

  record AlpacaTrade(@JsonProperty("t") Instant t, @JsonProperty("p") BigDecimal p) {}
}
