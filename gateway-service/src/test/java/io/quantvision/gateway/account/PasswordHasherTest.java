package io.quantvision.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Plain unit test: the production cost, and hashes that carry their own parameters. */
class PasswordHasherTest {

  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @Test
  void aHashMadeWithTheProductionDefaultVerifies() {
    PasswordHasher production = new PasswordHasher(600_000);
    String stored = production.hash(PASSWORD);
    assertThat(stored).startsWith("pbkdf2-sha256$600000$");
    assertThat(production.verify(PASSWORD, stored)).isTrue();
    assertThat(production.verify("correct horse battery stapl".toCharArray(), stored)).isFalse();
    assertThat(production.needsRehash(stored)).isFalse();
  }

  @Test
  void theStoredIterationCountIsHonouredNotTheCurrentSetting() {
    String stored = new PasswordHasher(600_000).hash(PASSWORD);
    // a gateway configured differently still verifies with the hash's own 600,000
    assertThat(new PasswordHasher(1000).verify(PASSWORD, stored)).isTrue();
    assertThat(new PasswordHasher(1000).needsRehash(stored)).isFalse();
    assertThat(new PasswordHasher(700_000).needsRehash(stored)).isTrue();
  }

  @Test
  void eachHashHasItsOwnSalt() {
    PasswordHasher hasher = new PasswordHasher(1000);
    assertThat(hasher.hash(PASSWORD)).isNotEqualTo(hasher.hash(PASSWORD));
  }

  @Test
  void aMalformedStoredHashNeverVerifies() {
    PasswordHasher hasher = new PasswordHasher(1000);
    assertThat(hasher.verify(PASSWORD, "plain-text")).isFalse();
    assertThat(hasher.verify(PASSWORD, "md5$1$AA$AA")).isFalse();
  }
}
