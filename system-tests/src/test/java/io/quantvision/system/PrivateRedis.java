package io.quantvision.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the suite's own (the machine's {@code redis-server} binary, on a private port
 * and directory), so that a drill can restart it without touching the Redis other builds share.
 * Append-only file with fsync on every write: what it acknowledged survives the restart, as it
 * would in production with persistence on.
 */
final class PrivateRedis {

  final int port;
  private final Path dir;
  private Process process;

  PrivateRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  String url() {
    return "redis://localhost:" + port;
  }

  void start() {
    String binary = System.getenv().getOrDefault("QV_REDIS_SERVER", "redis-server");
    try {
      Files.createDirectories(dir);
      process =
          new ProcessBuilder(
                  binary,
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  dir.toString(),
                  "--save",
                  "",
                  "--appendonly",
                  "yes",
                  "--appendfsync",
                  "always")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start " + binary + " (install redis-server, or set QV_REDIS_SERVER)", e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("localhost", port)) {
        return;
      } catch (IOException e) {
        ServiceProcess.sleep(100);
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port + "; see " + dir);
  }

  void ensureRunning() {
    if (process == null || !process.isAlive()) {
      start();
    }
  }

  /** SIGTERM: Redis finishes the append-only file and exits, as in a restart. */
  void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
