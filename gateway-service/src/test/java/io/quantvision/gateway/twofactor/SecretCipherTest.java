package io.quantvision.gateway.twofactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quantvision.gateway.identity.IdentityConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain unit test: the TOTP key is required in production, and secrets are bound to a user. */
class SecretCipherTest {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void productionRefusesToStartWithoutAKey() {
    assertThatThrownBy(() -> new SecretCipher(config(Map.of()), "production"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TOTP_ENCRYPTION_KEY");
    assertThatThrownBy(() -> new SecretCipher(config(Map.of()), "staging"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aKeyOfTheWrongSizeIsRefused() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(
            () ->
                new SecretCipher(
                    config(Map.of("qv.identity.totp.encryption-key", shortKey)), "production"))
        .hasMessageContaining("32 bytes");
  }

  @Test
  void developmentFallsBackToThePublicDevelopmentKey() {
    byte[] secret = "twenty bytes secret!".getBytes();
    UUID user = UUID.randomUUID();
    SecretCipher cipher = new SecretCipher(config(Map.of()), "development");
    assertThat(cipher.decrypt(cipher.encrypt(secret, user), user)).isEqualTo(secret);
  }

  @Test
  void aSecretDecryptsOnlyForItsUserAndKey() {
    byte[] secret = "twenty bytes secret!".getBytes();
    UUID user = UUID.randomUUID();
    SecretCipher cipher =
        new SecretCipher(config(Map.of("qv.identity.totp.encryption-key", KEY)), "production");
    byte[] sealed = cipher.encrypt(secret, user);
    assertThat(cipher.encrypt(secret, user)).isNotEqualTo(sealed);
    assertThat(cipher.decrypt(sealed, user)).isEqualTo(secret);
    assertThatThrownBy(() -> cipher.decrypt(sealed, UUID.randomUUID()))
        .isInstanceOf(IllegalStateException.class);
    SecretCipher other = new SecretCipher(config(Map.of()), "development");
    assertThatThrownBy(() -> other.decrypt(sealed, user)).isInstanceOf(IllegalStateException.class);
  }

  private static IdentityConfig config(Map<String, String> values) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(IdentityConfig.class)
            .withDefaultValues(values)
            .build();
    return config.getConfigMapping(IdentityConfig.class);
  }
}
