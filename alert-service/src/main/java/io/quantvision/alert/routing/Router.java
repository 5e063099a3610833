package io.quantvision.alert.routing;

import io.quantvision.alert.AlertConfig;
import io.quantvision.alert.delivery.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Which channels an alert goes to: by severity from configuration, unless the alert carries a
 * {@code route} label (comma-separated channel names, e.g. {@code slack,email}), which wins.
 */
@ApplicationScoped
public class Router {

  public static final String ROUTE_LABEL = "route";

  private static final Logger LOG = Logger.getLogger(Router.class);

  private final AlertConfig config;

  Router(AlertConfig config) {
    this.config = config;
  }

  public Set<Channel> channels(String severity, Map<String, String> labels) {
    String override = labels.get(ROUTE_LABEL);
    List<String> names =
        override != null && !override.isBlank()
            ? Arrays.asList(override.split(","))
            : switch (severity) {
              case "critical" -> config.routes().critical();
              case "warning" -> config.routes().warning();
              default -> config.routes().info();
            };
    Set<Channel> channels = new LinkedHashSet<>();
    for (String name : names) {
      Channel.named(name)
          .ifPresentOrElse(
              channels::add, () -> LOG.warnf("ignoring unknown channel '%s' in a route", name));
    }
    return channels;
  }
}
