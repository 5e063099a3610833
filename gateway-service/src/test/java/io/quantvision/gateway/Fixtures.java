package io.quantvision.gateway;

import io.quantvision.testing.jwt.TestTokens;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Named fixtures shared by the edge tests. */
public final class Fixtures {

  public static final String ALLOWED_ORIGIN = "http://localhost:3000";
  private static final AtomicInteger CLIENTS = new AtomicInteger(1);

  private Fixtures() {}

  /** A user no other test uses, so its rate-limit budget is its own. */
  public static String newUser() {
    return "u-" + UUID.randomUUID();
  }

  public static String tokenFor(String user) {
    return TestTokens.trader(user);
  }

  /**
   * A client address (TEST-NET-3) no other test uses; sent as X-Forwarded-For from the loopback
   * peer, which the test configuration trusts.
   */
  public static String newClientIp() {
    int n = CLIENTS.getAndIncrement();
    return "203.0." + (113 + n / 250) + "." + (1 + n % 250);
  }
}
