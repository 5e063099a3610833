package io.quantvision.alert;

import static io.quantvision.alert.Fixtures.count;
import static io.quantvision.alert.Fixtures.fire;
import static io.quantvision.alert.Fixtures.newName;
import static io.quantvision.alert.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SMTP server that takes the connection and never says a word: each email attempt gives up after
 * the delivery timeout (1 s here) and is retried, instead of holding the email channel for the
 * mailer's own default minute.
 */
@QuarkusTest
@TestProfile(SilentSmtpTest.Silent.class)
class SilentSmtpTest {

  /** Listens (the kernel completes the handshake) but never accepts, so never greets. */
  static final ServerSocket SILENT = listen();

  public static class Silent implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.mailer.port",
          String.valueOf(SILENT.getLocalPort()),
          "alert.delivery.timeout",
          "1s");
    }
  }

  @Test
  void aSilentServerCostsAnEmailAttemptTheDeliveryTimeoutAndItIsRetried() {
    String name = newName("SilentSmtp");
    String fingerprint = fire(name, "info");

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM delivery d JOIN alert a ON a.id = d.alert_id"
                            + " WHERE a.fingerprint = ? AND d.channel = 'email' AND d.attempts >= 2",
                        fingerprint)
                    == 1);
    assertThat(
            text(
                "SELECT d.last_error FROM delivery d JOIN alert a ON a.id = d.alert_id"
                    + " WHERE a.fingerprint = ? AND d.channel = 'email'",
                fingerprint))
        .startsWith("smtp:")
        .containsIgnoringCase("timeout");
  }

  private static ServerSocket listen() {
    try {
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
