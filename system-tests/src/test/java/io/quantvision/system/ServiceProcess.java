package io.quantvision.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the suite, run as its users run it: {@code java -jar quarkus-run.jar} from the
 * packaged artifact, configured through environment variables only, in a process of its own that a
 * drill can kill with SIGKILL and start again on the same ports and database.
 */
final class ServiceProcess {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final int httpPort;
  final int managementPort;
  private final Path jar;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  ServiceProcess(String name, Path jar, Map<String, String> env, Path logDir) throws IOException {
    this.name = name;
    this.jar = jar;
    this.env = env;
    this.httpPort = Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
    this.managementPort = Integer.parseInt(env.get("QUARKUS_MANAGEMENT_PORT"));
    this.log = logDir.resolve(name + ".log");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: package the services first (./mvnw verify builds them before"
              + " system-tests; alone: ./mvnw package -DskipTests)");
    }
  }

  String url() {
    return "http://localhost:" + httpPort;
  }

  String managementUrl() {
    return "http://localhost:" + managementPort;
  }

  synchronized void start() {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits until {@code /q/health/ready} answers 200, or fails naming the log to read. */
  void awaitReady(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (readiness() == 200) {
        return;
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + patience + "; see " + log);
  }

  /** The status of {@code /q/health/ready}, or -1 when nothing answers. */
  int readiness() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
              .timeout(Duration.ofSeconds(3))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful drain, as a crashed host or an OOM kill. */
  synchronized void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: Quarkus' graceful shutdown. */
  synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  Path log() {
    return log;
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
