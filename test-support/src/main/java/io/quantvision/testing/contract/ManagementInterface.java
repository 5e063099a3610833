package io.quantvision.testing.contract;

import io.quantvision.testing.infra.ServiceTestResource;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * The management URLs a contract calls: the injected ones, except under a {@code
 * QuarkusIntegrationTest}, where Quarkus does not know the packaged application's management port
 * and {@link ServiceTestResource} publishes it.
 */
final class ManagementInterface {

  private ManagementInterface() {}

  static URL at(URL injected) {
    String port = System.getProperty(ServiceTestResource.MANAGEMENT_PORT_IN_USE);
    if (port == null) {
      return injected;
    }
    try {
      URI uri = injected.toURI();
      return new URI(
              uri.getScheme(),
              uri.getUserInfo(),
              uri.getHost(),
              Integer.parseInt(port),
              uri.getPath(),
              uri.getQuery(),
              null)
          .toURL();
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalStateException("bad management URL " + injected, e);
    }
  }
}
