package io.quantvision.trading;

import static io.restassured.RestAssured.given;

import io.quantvision.testing.infra.Infrastructure;
import io.quantvision.testing.jwt.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Named helpers the trading tests share: unique users and symbols, prices, orders, rows. */
public final class Fixtures {

  public static final String DATABASE = "qv_trading_test";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private Fixtures() {}

  public static String newUser() {
    return "user-" + UUID.randomUUID();
  }

  /** A symbol no other test (or helper sharing the streams) uses. */
  public static String newSymbol() {
    return "T"
        + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase()
        + SEQUENCE.incrementAndGet() % 10;
  }

  public static String trader(String user) {
    return TestTokens.traderWithOtp(user);
  }

  /** Sets the latest price of a symbol, as a bar on md.bars.v1 would. */
  public static void price(String symbol, String price) {
    price(symbol, price, Instant.now());
  }

  public static void price(String symbol, String price, Instant asOf) {
    update(
        "INSERT INTO market_price (symbol, price, timeframe, bar_start, revision, as_of)"
            + " VALUES (?, ?, '1Min', ?, 1, ?) ON CONFLICT (symbol) DO UPDATE SET"
            + " price = EXCLUDED.price, as_of = EXCLUDED.as_of, bar_start = EXCLUDED.bar_start",
        symbol,
        new BigDecimal(price),
        Timestamp.from(asOf.minusSeconds(60)),
        Timestamp.from(asOf));
  }

  public static ValidatableResponse submit(String token, Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/orders")
        .then();
  }

  public static Map<String, Object> market(String symbol, String side, String qty) {
    return Map.of(
        "symbol", symbol, "side", side, "type", "market", "qty", qty, "time_in_force", "day");
  }

  public static Map<String, Object> limit(String symbol, String side, String qty, String price) {
    return Map.of(
        "symbol",
        symbol,
        "side",
        side,
        "type",
        "limit",
        "qty",
        qty,
        "limit_price",
        price,
        "time_in_force",
        "gtc");
  }

  public static long count(String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String text(String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = prepare(c, sql, args);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int update(String sql, Object... args) {
    try (Connection c = Infrastructure.postgres().connect(DATABASE);
        PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }
}
