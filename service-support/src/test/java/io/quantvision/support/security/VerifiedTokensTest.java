package io.quantvision.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quantvision.testing.jwt.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  /** smallrye-jwt's parser with the TEST-ONLY key, counting the tokens it verifies. */
  static final class CountingParser extends DefaultJWTParser {
    final AtomicInteger verifications = new AtomicInteger();

    CountingParser() throws Exception {
      super(new JWTAuthContextInfo(testPublicKey(), TestTokens.ISSUER));
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
      verifications.incrementAndGet();
      return super.parse(token);
    }
  }

  private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  private final CountingParser smallrye;
  private final VerifiedTokens tokens;

  VerifiedTokensTest() throws Exception {
    smallrye = new CountingParser();
    tokens = new VerifiedTokens(smallrye, now::get, VerifiedTokens.MAX_ENTRIES);
  }

  @Test
  void aTokenIsVerifiedOnceAndServedFromMemoryUntilItExpires() throws Exception {
    Instant issued = Instant.ofEpochMilli(now.get()).minusSeconds(60);
    String token = TestTokens.token("u-1").roles("trader").issuedAt(issued).sign();
    long expiresAt = issued.plus(Duration.ofMinutes(15)).getEpochSecond() * 1000;

    JsonWebToken first = tokens.parse(token);
    JsonWebToken second = tokens.parse(token);

    assertThat(second).isSameAs(first);
    assertThat(second.getSubject()).isEqualTo("u-1");
    assertThat(smallrye.verifications).hasValue(1);

    now.set(expiresAt - 1);
    assertThat(tokens.parse(token)).isSameAs(first);
    assertThat(smallrye.verifications).hasValue(1);

    // at exp the full check decides again (smallrye-jwt, with its own clock and skew)
    now.set(expiresAt);
    tokens.parse(token);
    assertThat(smallrye.verifications).hasValue(2);
  }

  @Test
  void anotherSignatureOnTheSameClaimsIsVerifiedInFullAndRefused() throws Exception {
    String token = TestTokens.trader("u-2");
    tokens.parse(token);
    String[] parts = token.split("\\.");
    String forged = TestTokens.token("u-2").roles("trader").withForeignKey().sign().split("\\.")[2];

    assertThatThrownBy(() -> tokens.parse(parts[0] + "." + parts[1] + "." + forged))
        .isInstanceOf(ParseException.class);
    assertThat(smallrye.verifications).hasValue(2);
  }

  @Test
  void refusedTokensAreNeverRemembered() {
    String expired = TestTokens.token("u-3").roles("trader").expired().sign();
    String foreign = TestTokens.token("u-3").roles("trader").withForeignKey().sign();

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> tokens.parse(expired)).isInstanceOf(ParseException.class);
      assertThatThrownBy(() -> tokens.parse(foreign)).isInstanceOf(ParseException.class);
    }

    assertThat(smallrye.verifications).hasValue(6);
    assertThat(tokens.size()).isZero();
  }

  @Test
  void holdsABoundedNumberOfTokens() throws Exception {
    VerifiedTokens small = new VerifiedTokens(smallrye, now::get, 2);
    small.parse(TestTokens.trader("u-4"));
    small.parse(TestTokens.trader("u-5"));
    assertThat(small.size()).isEqualTo(2);

    small.parse(TestTokens.trader("u-6"));

    assertThat(small.size()).isEqualTo(1);
  }

  static PublicKey testPublicKey() throws Exception {
    String base64 =
        TestTokens.testPublicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
