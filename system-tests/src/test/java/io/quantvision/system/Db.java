package io.quantvision.system;

import io.quantvision.testing.infra.Infrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Read-only questions to a service's database, to check a drill's invariant where it is kept. */
final class Db {

  private Db() {}

  static long number(String service, String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(Suite.database(service));
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getObject(1) != null ? rs.getBigDecimal(1).longValueExact() : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
