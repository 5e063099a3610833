package io.quantvision.gateway.proxy;

import io.quantvision.gateway.edge.Paths;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which path prefixes go to which service. The services serve {@code /api/v1/...} themselves, so
 * paths are forwarded unchanged. Everything else (the gateway's own {@code /api/v1/auth/**}, {@code
 * /api/v1/admin/users/**}, {@code /api/v1/admin/audit/**}, and {@code /q/*}) is never proxied.
 */
@ApplicationScoped
public class RouteTable {

  /** Reached inside the network only (Alertmanager's shared token), never from the internet. */
  private static final List<String> INTERNAL_ONLY = List.of("/api/v1/alerts/webhook");

  private final Map<String, Upstream> prefixes = new LinkedHashMap<>();

  RouteTable(UpstreamConfig config) {
    Upstream marketData = Upstream.of("market-data", config.marketDataUrl());
    Upstream analysis = Upstream.of("analysis", config.analysisUrl());
    Upstream trading = Upstream.of("trading", config.tradingUrl());
    Upstream alert = Upstream.of("alert", config.alertUrl());
    prefixes.put("/api/v1/market", marketData);
    prefixes.put("/api/v1/analysis", analysis);
    prefixes.put("/api/v1/orders", trading);
    prefixes.put("/api/v1/positions", trading);
    prefixes.put("/api/v1/account", trading);
    prefixes.put("/api/v1/admin/trading", trading);
    prefixes.put("/api/v1/alerts", alert);
    prefixes.put("/api/v1/monitoring", alert);
  }

  /** The upstream serving a (normalized) path, if it is proxied at all. */
  public Optional<Upstream> resolve(String path) {
    if (INTERNAL_ONLY.stream().anyMatch(p -> Paths.under(path, p))) {
      return Optional.empty();
    }
    for (Map.Entry<String, Upstream> entry : prefixes.entrySet()) {
      if (Paths.under(path, entry.getKey())) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  public List<Upstream> upstreams() {
    return prefixes.values().stream().distinct().toList();
  }
}
