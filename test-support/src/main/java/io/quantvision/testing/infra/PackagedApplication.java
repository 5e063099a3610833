package io.quantvision.testing.infra;

import io.quantvision.testing.jwt.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a {@code @QuarkusIntegrationTest} needs on top of {@link ServiceTestResource}: the
 * application runs from its packaged jar in a JVM of its own, so
 *
 * <ul>
 *   <li>it gets a database of its own ({@code qv_<service>_it}), so the packaged artifact migrates
 *       its schema itself and its outages never meet a {@code @QuarkusTest} run;
 *   <li>the TEST-ONLY keys reach it as files (test-support is not on its class path), under the
 *       deployment's own names {@code JWT_PUBLIC_KEY_LOCATION} / {@code JWT_PRIVATE_KEY_LOCATION},
 *       and replace the random keys Quarkus would otherwise hand it;
 *   <li>both its HTTP and management ports are fixed free ports: Quarkus 3.34 hangs at start-up
 *       when one port is random and the other is not (its HTTP server meters then disagree on the
 *       {@code server_port} tag), and it only discovers the main port of a packaged application, so
 *       the contracts learn the management port from {@link
 *       ServiceTestResource#MANAGEMENT_PORT_IN_USE}.
 * </ul>
 */
final class PackagedApplication {

  private PackagedApplication() {}

  /** {@code qv_gateway_test} becomes {@code qv_gateway_it}. */
  static String database(String testDatabase) {
    String base =
        testDatabase.endsWith("_test")
            ? testDatabase.substring(0, testDatabase.length() - "_test".length())
            : testDatabase;
    return base + "_it";
  }

  static Map<String, String> settings() {
    Map<String, String> config = new HashMap<>();
    Path publicKey = copyToFile(TestTokens.PUBLIC_KEY_LOCATION);
    Path privateKey = copyToFile(TestTokens.PRIVATE_KEY_LOCATION);
    config.put("JWT_PUBLIC_KEY_LOCATION", publicKey.toString());
    config.put("JWT_PRIVATE_KEY_LOCATION", privateKey.toString());
    config.put("mp.jwt.verify.publickey.location", publicKey.toString());
    config.put("mp.jwt.verify.publickey", read(publicKey));
    config.put("smallrye.jwt.sign.key", read(privateKey));

    int http = freePort();
    int management = freePort();
    config.put("quarkus.http.port", Integer.toString(http));
    config.put("quarkus.management.port", Integer.toString(management));
    System.setProperty(ServiceTestResource.MANAGEMENT_PORT_IN_USE, Integer.toString(management));
    return config;
  }

  private static Path copyToFile(String resource) {
    try (InputStream in =
        PackagedApplication.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      Path file = Files.createTempFile("qv-", "-" + Path.of(resource).getFileName());
      file.toFile().deleteOnExit();
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + resource + " to a file", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
