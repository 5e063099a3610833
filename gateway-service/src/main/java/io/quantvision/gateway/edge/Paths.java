package io.quantvision.gateway.edge;

/** Path prefix tests that do not confuse {@code /api/v1/orders} with {@code /api/v1/ordersX}. */
public final class Paths {

  private Paths() {}

  public static boolean under(String path, String prefix) {
    return path != null
        && path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }
}
