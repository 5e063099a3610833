package io.quantvision.gateway.account;

import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes, stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}
 * (base64): the parameters travel with the hash, so the iteration count can be raised later and old
 * hashes still verify (and are upgraded at the next login, see {@link #needsRehash}).
 */
@ApplicationScoped
public class PasswordHasher {

  static final String ALGORITHM = "pbkdf2-sha256";
  private static final String JCA_NAME = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final int iterations;
  // Verified against when the account does not exist, so that both cases cost the same time.
  private final String decoy;

  @Inject
  PasswordHasher(IdentityConfig config) {
    this(config.password().iterations());
  }

  PasswordHasher(int iterations) {
    this.iterations = iterations;
    this.decoy = hash("decoy password for unknown accounts".toCharArray());
  }

  public String hash(char[] password) {
    byte[] salt = Secrets.randomBytes(SALT_BYTES);
    return format(iterations, salt, derive(password, salt, iterations));
  }

  /** Constant-time check of {@code password} against a stored hash, with its own parameters. */
  public boolean verify(char[] password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !ALGORITHM.equals(parts[0])) {
      return false;
    }
    int storedIterations = Integer.parseInt(parts[1]);
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
  }

  /** Burns the time of one verification: the answer for an unknown account. */
  public void verifyDecoy(char[] password) {
    verify(password, decoy);
  }

  /** True when {@code stored} was made with weaker parameters than the current setting. */
  public boolean needsRehash(String stored) {
    String[] parts = stored.split("\\$");
    return parts.length != 4
        || !ALGORITHM.equals(parts[0])
        || Integer.parseInt(parts[1]) < iterations;
  }

  static String format(int iterations, byte[] salt, byte[] hash) {
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return ALGORITHM
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(JCA_NAME).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }
}
