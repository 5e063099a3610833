package io.quantvision.gateway.proxy;

import java.net.URI;

/** One service behind the gateway: its name (a metric tag) and where it listens. */
public record Upstream(String name, String host, int port, boolean ssl) {

  static Upstream of(String name, String url) {
    URI uri = URI.create(url.trim());
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    if (uri.getHost() == null || !(ssl || "http".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalArgumentException(name + ": not an http(s) base URL: " + url);
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    return new Upstream(name, uri.getHost(), port, ssl);
  }
}
