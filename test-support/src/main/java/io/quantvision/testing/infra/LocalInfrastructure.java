package io.quantvision.testing.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local runner's infrastructure: resolves PostgreSQL and Redis exactly as the tests do
 * (configured servers, or embedded ones), creates the given databases, writes the addresses to a
 * file of {@code KEY=value} lines the runner sources, then stays up until it is stopped (the
 * embedded servers live as long as this process). It also makes a JWT key pair for the local suite
 * when the key directory has none (generated here, never committed), so a machine with only a JDK
 * can run everything.
 *
 * <p>Usage: {@code LocalInfrastructure <env-file> <key-dir> <database>...}
 */
public final class LocalInfrastructure {

  private LocalInfrastructure() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 2) {
      System.err.println("usage: LocalInfrastructure <env-file> <key-dir> <database>...");
      System.exit(2);
    }
    Path keys = ensureKeyPair(Path.of(args[1]));
    Infrastructure.Postgres postgres = Infrastructure.postgres();
    Infrastructure.Redis redis = Infrastructure.redis();
    List<String> databases = List.of(args).subList(2, args.length);
    databases.forEach(name -> Infrastructure.ensureDatabase(postgres, name));
    String env =
        String.join(
            "\n",
            "QV_PG_HOST=" + postgres.host(),
            "QV_PG_PORT=" + postgres.port(),
            "QV_PG_USER=" + postgres.user(),
            "QV_PG_PASSWORD=" + postgres.password(),
            "QV_PG_EMBEDDED=" + postgres.embedded(),
            "REDIS_URL=" + redis.url(),
            "QV_REDIS_EMBEDDED=" + redis.embedded(),
            "JWT_PUBLIC_KEY_LOCATION=" + keys.resolve("jwt-public.pem").toAbsolutePath(),
            "JWT_PRIVATE_KEY_LOCATION=" + keys.resolve("jwt-private.pem").toAbsolutePath(),
            "");
    Path file = Path.of(args[0]);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, env);
    Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("infrastructure ready: " + env.replace('\n', ' '));
    new CountDownLatch(1).await();
  }

  private static Path ensureKeyPair(Path dir) throws IOException {
    Path privatePem = dir.resolve("jwt-private.pem");
    Path publicPem = dir.resolve("jwt-public.pem");
    if (Files.exists(privatePem) && Files.exists(publicPem)) {
      return dir;
    }
    Files.createDirectories(dir);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
      try {
        Files.setPosixFilePermissions(privatePem, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: nothing more to do
      }
      return dir;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the local JWT key pair", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
