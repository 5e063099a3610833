package io.quantvision.trading.order;

import static io.quantvision.trading.Decimals.plain;

import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rules that tie an order's fields together, as Alpaca applies them; and its fingerprint. */
public final class OrderRules {

  private OrderRules() {}

  /** Throws a 400 naming every field that breaks a rule; returns the request normalised. */
  public static OrderRequest check(OrderRequest r) {
    List<Map<String, String>> errors = new ArrayList<>();
    if ((r.qty() == null) == (r.notional() == null)) {
      errors.add(error("qty", "exactly one of qty and notional is required"));
    }
    boolean needsLimit = "limit".equals(r.type()) || "stop_limit".equals(r.type());
    boolean needsStop = "stop".equals(r.type()) || "stop_limit".equals(r.type());
    if (needsLimit && r.limitPrice() == null) {
      errors.add(error("limit_price", "is required for " + r.type() + " orders"));
    }
    if (!needsLimit && r.limitPrice() != null) {
      errors.add(error("limit_price", "is only allowed for limit and stop_limit orders"));
    }
    if (needsStop && r.stopPrice() == null) {
      errors.add(error("stop_price", "is required for " + r.type() + " orders"));
    }
    if (!needsStop && r.stopPrice() != null) {
      errors.add(error("stop_price", "is only allowed for stop and stop_limit orders"));
    }
    if (r.notional() != null && !("market".equals(r.type()) && "day".equals(r.timeInForce()))) {
      errors.add(error("notional", "is only allowed for market orders with time_in_force day"));
    }
    if (!errors.isEmpty()) {
      String detail =
          String.join(
              "; ", errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList());
      throw new ProblemException(
          Problem.of(400, "validation", "Invalid request", detail).with("errors", errors));
    }
    return new OrderRequest(
        r.symbol().toUpperCase(Locale.ROOT),
        r.side(),
        r.type(),
        r.qty(),
        r.notional(),
        r.limitPrice(),
        r.stopPrice(),
        r.timeInForce(),
        r.clientOrderId());
  }

  /**
   * What must be equal for a replay to be the same order: every field but the client_order_id, with
   * decimals compared by value ("10" and "10.0" are one quantity).
   */
  public static String fingerprint(OrderRequest r) {
    String canonical =
        String.join(
            "|",
            r.symbol(),
            r.side(),
            r.type(),
            String.valueOf(plain(r.qty())),
            String.valueOf(plain(r.notional())),
            String.valueOf(plain(r.limitPrice())),
            String.valueOf(plain(r.stopPrice())),
            r.timeInForce());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> error(String field, String message) {
    return Map.of("field", field, "message", message);
  }
}
