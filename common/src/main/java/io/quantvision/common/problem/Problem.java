package io.quantvision.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem details body, as every service writes it ({@code application/problem+json}).
 * Members beyond the standard five plus {@code request_id} are extensions, such as {@code reason}
 * on a risk rejection or {@code errors} on a validation failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String requestId,
    @JsonIgnore Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** Problem type URIs are {@code TYPE_BASE + slug}, e.g. {@code .../problems/validation}. */
  public static final String TYPE_BASE = "https://quantvision.io/problems/";

  public Problem {
    extensions = extensions == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extensions);
  }

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null, null, Map.of());
  }

  public Problem withInstance(String newInstance) {
    return new Problem(type, title, status, detail, newInstance, requestId, extensions);
  }

  public Problem withRequestId(String newRequestId) {
    return new Problem(type, title, status, detail, instance, newRequestId, extensions);
  }

  public Problem with(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(extensions);
    copy.put(name, value);
    return new Problem(type, title, status, detail, instance, requestId, copy);
  }

  @JsonAnyGetter
  public Map<String, Object> extensionMembers() {
    return extensions;
  }

  @JsonAnySetter
  void putExtension(String name, Object value) {
    extensions.put(name, value);
  }
}
