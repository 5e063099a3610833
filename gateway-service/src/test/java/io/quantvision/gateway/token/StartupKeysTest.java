package io.quantvision.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quantvision.testing.jwt.TestTokens;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** Plain unit test: where the signing key comes from, and the refusal to start without one. */
class StartupKeysTest {

  @Test
  void withoutAnySigningKeyStartUpFailsNamingTheSettings() {
    assertThatThrownBy(() -> new SigningKey(config(Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JWT_PRIVATE_KEY_LOCATION")
        .hasMessageContaining("SMALLRYE_JWT_SIGN_KEY");
  }

  @Test
  void anEmptyLocationFallsBackToTheInlinePem() {
    String pem = pem();
    SigningKey key =
        new SigningKey(
            config(Map.of("smallrye.jwt.sign.key.location", "", "smallrye.jwt.sign.key", pem)));
    assertThat(key.key().getEncoded()).isEqualTo(TestTokens.testPrivateKey().getEncoded());
  }

  @Test
  void aLocationIsRead() {
    SigningKey key =
        new SigningKey(
            config(Map.of("smallrye.jwt.sign.key.location", TestTokens.PRIVATE_KEY_LOCATION)));
    assertThat(key.key().getEncoded()).isEqualTo(TestTokens.testPrivateKey().getEncoded());
  }

  @Test
  void aFilePathIsRead() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("qv-signing-", ".pem");
    try {
      java.nio.file.Files.writeString(file, pem());
      for (String location : new String[] {file.toString(), "file:" + file}) {
        SigningKey key = new SigningKey(config(Map.of("smallrye.jwt.sign.key.location", location)));
        assertThat(key.key().getEncoded()).isEqualTo(TestTokens.testPrivateKey().getEncoded());
      }
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void anUnreadableLocationFailsClearly() {
    assertThatThrownBy(
            () ->
                new SigningKey(
                    config(Map.of("smallrye.jwt.sign.key.location", "/nonexistent/key.pem"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JWT signing key cannot be read")
        .hasMessageContaining("/nonexistent/key.pem");
  }

  private static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder().withDefaultValues(values).build();
  }

  private static String pem() {
    try (var in =
        StartupKeysTest.class
            .getClassLoader()
            .getResourceAsStream(TestTokens.PRIVATE_KEY_LOCATION)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
