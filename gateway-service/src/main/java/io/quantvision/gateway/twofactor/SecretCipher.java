package io.quantvision.gateway.twofactor;

import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.Secrets;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * AES-256-GCM for TOTP secrets at rest: a random 96-bit nonce before the ciphertext, the user id as
 * associated data (a secret copied onto another account does not decrypt). The key comes from
 * TOTP_ENCRYPTION_KEY; production and staging refuse to start without it.
 */
@Startup
@ApplicationScoped
public class SecretCipher {

  private static final Logger LOG = Logger.getLogger(SecretCipher.class);
  // Public and therefore worthless: only for development, tests and the local runner.
  static final String DEVELOPMENT_KEY = "cXYtZGV2ZWxvcG1lbnQtb25seS10b3RwLWtleS0wMDA=";
  private static final Set<String> STRICT_ENVIRONMENTS = Set.of("production", "staging");
  private static final int NONCE_BYTES = 12;

  private final SecretKeySpec key;

  SecretCipher(IdentityConfig config, @ConfigProperty(name = "qv.environment") String environment) {
    String encoded = config.totp().encryptionKey().filter(k -> !k.isBlank()).orElse(null);
    if (encoded == null) {
      if (STRICT_ENVIRONMENTS.contains(environment)) {
        throw new IllegalStateException(
            "No TOTP encryption key: set TOTP_ENCRYPTION_KEY to 32 random bytes, base64"
                + " (openssl rand -base64 32)");
      }
      LOG.warnf("TOTP_ENCRYPTION_KEY not set: using the public development key (%s)", environment);
      encoded = DEVELOPMENT_KEY;
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("TOTP_ENCRYPTION_KEY is not base64", e);
    }
    if (raw.length != 32) {
      throw new IllegalStateException(
          "TOTP_ENCRYPTION_KEY must be 32 bytes (base64), not " + raw.length);
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  public byte[] encrypt(byte[] secret, UUID userId) {
    byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(userId.toString().getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = cipher.doFinal(secret);
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a TOTP secret", e);
    }
  }

  public byte[] decrypt(byte[] stored, UUID userId) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
      cipher.updateAAD(userId.toString().getBytes(StandardCharsets.US_ASCII));
      return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot decrypt a TOTP secret (wrong key?)", e);
    }
  }
}
