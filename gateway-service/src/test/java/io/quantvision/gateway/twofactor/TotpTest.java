package io.quantvision.gateway.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B test vectors (SHA-1 secret "12345678901234567890"). */
class TotpTest {

  private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesTheRfc6238Vectors() {
    assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
    assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(1111111109)), 8))
        .isEqualTo("07081804");
    assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(2000000000)), 8))
        .isEqualTo("69279037");
    assertThat(Totp.code(SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
  }

  @Test
  void base32RoundTrips() {
    assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
    assertThat(Totp.fromBase32(Totp.base32(SECRET))).isEqualTo(SECRET);
  }
}
