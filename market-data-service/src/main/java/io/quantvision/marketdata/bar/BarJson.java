package io.quantvision.marketdata.bar;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes a {@link Bar} member by member, exactly as the suite's mapper would from the record
 * (snake_case names, decimals as strings, nulls kept). A 1,000-bar answer is 12,000 members:
 * Jackson's reflective bean serializer spent most of the request's CPU on them (JFR, see
 * benchmarks/market-data/RESULTS.md); {@code BarJsonTest} holds the output to the generic one.
 */
final class BarJson extends StdSerializer<Bar> {

  BarJson() {
    super(Bar.class);
  }

  @Override
  public void serialize(Bar bar, JsonGenerator json, SerializerProvider provider)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("symbol", bar.symbol());
    json.writeStringField("timeframe", bar.timeframe().label());
    json.writeStringField("start", bar.start().toString());
    decimal(json, "open", bar.open());
    decimal(json, "high", bar.high());
    decimal(json, "low", bar.low());
    decimal(json, "close", bar.close());
    json.writeNumberField("volume", bar.volume());
    if (bar.tradeCount() == null) {
      json.writeNullField("trade_count");
    } else {
      json.writeNumberField("trade_count", bar.tradeCount().longValue());
    }
    decimal(json, "vwap", bar.vwap());
    json.writeNumberField("revision", bar.revision());
    json.writeStringField("provider", bar.provider());
    json.writeEndObject();
  }

  private static void decimal(JsonGenerator json, String name, BigDecimal value)
      throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeStringField(name, value.toString());
    }
  }
}
