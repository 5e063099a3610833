package io.quantvision.gateway.edge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Typed settings of the edge (client address, admin allow-list, security headers). */
@ConfigMapping(prefix = "qv.edge")
public interface EdgeConfig {

  /** Peers (CIDRs) whose {@code X-Forwarded-For} / {@code X-Forwarded-Proto} are believed. */
  List<String> trustedProxies();

  /**
   * Client addresses (CIDRs) allowed on {@code /api/v1/admin/**} and {@code /api/v1/monitoring/**}.
   */
  List<String> adminAllowedCidrs();

  /** Answer 308 to HTTPS when a trusted proxy says the client used plain HTTP. */
  @WithDefault("true")
  boolean redirectToHttps();

  @WithDefault("max-age=31536000; includeSubDomains")
  String strictTransportSecurity();

  @WithDefault("camera=(), microphone=(), geolocation=(), payment=()")
  String permissionsPolicy();
}
