package io.quantvision.common.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;

/**
 * The suite's JSON conventions (DESIGN.md, "Wire conventions"), in one place so that the public
 * API, the events and the tests agree: snake_case names, RFC 3339 timestamps, decimals written as
 * strings and read from strings or numbers, unknown fields tolerated, duplicate keys and strings
 * holding U+0000 refused.
 */
public final class Json {

  private static final ObjectMapper MAPPER = configure(new ObjectMapper());

  private Json() {}

  /** Applies the suite's conventions to a mapper (Quarkus' own mapper is customised with this). */
  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.registerModule(new JavaTimeModule());
    mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // A body with the same key twice is ambiguous (which qty wins?): refuse it.
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    // Text with U+0000 cannot be stored in PostgreSQL: refuse it at the edge of every service.
    mapper.registerModule(
        new SimpleModule("nul-free-strings").addDeserializer(String.class, new NulFreeStrings()));
    // Money and quantities travel as decimal strings, as Alpaca does; never binary floating point.
    mapper
        .configOverride(BigDecimal.class)
        .setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    return mapper;
  }

  /** A shared, configured mapper for code outside a Quarkus container (events, tests, tools). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
