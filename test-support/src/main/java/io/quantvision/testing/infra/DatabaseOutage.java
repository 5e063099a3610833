package io.quantvision.testing.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes one database unreachable for a while, for real: new connections are refused and every open
 * one is terminated by the server. Closing it lets connections in again. Only that database is
 * touched, so the other services' tests (and the server) carry on.
 */
public final class DatabaseOutage implements AutoCloseable {

  private final Infrastructure.Postgres server;
  private final String database;

  private DatabaseOutage(Infrastructure.Postgres server, String database) {
    this.server = server;
    this.database = database;
  }

  public static DatabaseOutage begin(String database) {
    DatabaseOutage outage = new DatabaseOutage(Infrastructure.postgres(), database);
    outage.allowConnections(false);
    try (Connection c = outage.server.connect("postgres");
        PreparedStatement kill =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
      kill.setString(1, database);
      kill.execute();
    } catch (SQLException e) {
      outage.close();
      throw new IllegalStateException("cannot cut " + database + " off: " + e.getMessage(), e);
    }
    return outage;
  }

  /** Lets connections into {@code database} again (also run at every test start-up). */
  public static void end(Infrastructure.Postgres server, String database) {
    new DatabaseOutage(server, database).allowConnections(true);
  }

  @Override
  public void close() {
    allowConnections(true);
  }

  private void allowConnections(boolean allow) {
    try (Connection c = server.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS " + allow);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot set ALLOW_CONNECTIONS " + allow + " on " + database + ": " + e.getMessage(), e);
    }
  }
}
