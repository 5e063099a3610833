package io.quantvision.support.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantvision.common.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Quarkus' ObjectMapper (REST bodies, REST clients) follows the suite's JSON conventions. */
@Singleton
public class SuiteJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    Json.configure(mapper);
  }
}
