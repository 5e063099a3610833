package io.quantvision.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/**
 * Reads JSON strings as Jackson does, refusing any that contains U+0000: PostgreSQL cannot store
 * that character in text, so a body carrying one would otherwise fail at the database with a 500.
 * Refused here, the client gets a 400 that names the field.
 */
final class NulFreeStrings extends StringDeserializer {

  static final String REFUSAL = "must not contain the NUL character (U+0000)";

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String value = super.deserialize(p, ctxt);
    if (value != null && value.indexOf('\0') >= 0) {
      throw InvalidFormatException.from(p, REFUSAL, value, String.class);
    }
    return value;
  }
}
