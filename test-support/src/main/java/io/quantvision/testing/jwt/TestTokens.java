package io.quantvision.testing.jwt;

import io.quantvision.common.security.Roles;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * JWTs for tests, signed with the TEST-ONLY key pair in {@code test-keys/} (public, in the
 * repository, never trusted by a deployment). Claims follow DESIGN.md: {@code sub}, {@code upn},
 * {@code groups}, {@code amr}; issuer {@code quantvision}. A token minted after a TOTP check also
 * carries {@code auth_time} (OIDC: when the second factor was verified, epoch seconds), which is
 * what "a recent 2FA" is measured against.
 */
public final class TestTokens {

  /** Classpath location of the TEST-ONLY public key; services under test verify with it. */
  public static final String PUBLIC_KEY_LOCATION = "test-keys/TEST-ONLY-jwt-public.pem";

  public static final String PRIVATE_KEY_LOCATION = "test-keys/TEST-ONLY-jwt-private.pem";

  public static final String ISSUER = "quantvision";

  private TestTokens() {}

  public static String viewer(String userId) {
    return token(userId).roles(Roles.VIEWER).sign();
  }

  public static String trader(String userId) {
    return token(userId).roles(Roles.TRADER).sign();
  }

  /** A trader whose token shows a passed TOTP check ({@code amr} contains {@code otp}). */
  public static String traderWithOtp(String userId) {
    return token(userId).roles(Roles.TRADER).withOtp().sign();
  }

  public static String admin(String userId) {
    return token(userId).roles(Roles.ADMIN, Roles.TRADER).withOtp().sign();
  }

  public static Builder token(String userId) {
    return new Builder(userId);
  }

  /** A token under construction; every claim can be bent to test what a service refuses. */
  public static final class Builder {
    private final String subject;
    private String email;
    private Set<String> roles = Set.of(Roles.VIEWER);
    private final List<String> amr = new ArrayList<>(List.of("pwd"));
    private String issuer = ISSUER;
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofMinutes(15);
    private PrivateKey key;
    private Instant authTime;

    private Builder(String subject) {
      this.subject = subject;
      this.email = subject + "@test.quantvision.io";
    }

    public Builder email(String value) {
      this.email = value;
      return this;
    }

    public Builder roles(String... values) {
      this.roles = Set.of(values);
      return this;
    }

    /** Adds {@code otp} to {@code amr}, verified now unless {@link #authTime} says otherwise. */
    public Builder withOtp() {
      this.amr.add(Roles.AMR_OTP);
      if (authTime == null) {
        authTime = Instant.now();
      }
      return this;
    }

    /** When the second factor was verified ({@code auth_time}), for "recent 2FA" rules. */
    public Builder authTime(Instant value) {
      this.authTime = value;
      return this;
    }

    public Builder issuedAt(Instant value) {
      this.issuedAt = value;
      return this;
    }

    public Builder issuer(String value) {
      this.issuer = value;
      return this;
    }

    public Builder expired() {
      this.issuedAt = Instant.now().minus(Duration.ofHours(1));
      this.lifetime = Duration.ofMinutes(15);
      return this;
    }

    /** Signs with a freshly generated key no service trusts. */
    public Builder withForeignKey() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.key = generator.generateKeyPair().getPrivate();
        return this;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    public String sign() {
      JwtClaimsBuilder claims =
          Jwt.issuer(issuer)
              .subject(subject)
              .upn(email)
              .groups(roles)
              .claim("amr", List.copyOf(amr))
              .issuedAt(issuedAt)
              .expiresAt(issuedAt.plus(lifetime));
      if (authTime != null) {
        claims.claim("auth_time", authTime.getEpochSecond());
      }
      return claims.sign(key != null ? key : testPrivateKey());
    }
  }

  /** The TEST-ONLY public key as PEM text. */
  public static String testPublicKeyPem() {
    try (InputStream in =
        TestTokens.class.getClassLoader().getResourceAsStream(PUBLIC_KEY_LOCATION)) {
      if (in == null) {
        throw new IllegalStateException(PUBLIC_KEY_LOCATION + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the TEST-ONLY public key", e);
    }
  }

  /** The TEST-ONLY private key (PKCS#8 PEM on the classpath). */
  public static PrivateKey testPrivateKey() {
    try (InputStream in =
        TestTokens.class.getClassLoader().getResourceAsStream(PRIVATE_KEY_LOCATION)) {
      if (in == null) {
        throw new IllegalStateException(PRIVATE_KEY_LOCATION + " is not on the class path");
      }
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the TEST-ONLY private key", e);
    }
  }
}
