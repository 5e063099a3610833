package io.quantvision.support.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code X-Request-Id} a request carries: the caller's when it is sane, otherwise a new one.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  /** The MDC key the id is logged under (a JSON log member of the same name). */
  public static final String MDC_KEY = "request_id";

  // Ids are echoed into logs and headers: accept only short, printable, unambiguous tokens.
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

  private RequestIds() {}

  public static String acceptOrCreate(String offered) {
    if (offered != null && SANE.matcher(offered).matches()) {
      return offered;
    }
    return UUID.randomUUID().toString();
  }
}
