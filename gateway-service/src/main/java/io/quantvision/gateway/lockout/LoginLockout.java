package io.quantvision.gateway.lockout;

import io.quantvision.gateway.identity.IdentityConfig;
import io.quantvision.gateway.identity.Secrets;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Progressive lockout of password guessing, per account (the submitted email, whether or not it
 * exists, so a lock reveals nothing) and per client IP. Failures are counted in Redis within a
 * window; from the threshold on each further failure locks for {@code base * 2^(n - threshold)},
 * capped. A success clears the account's counter (not the IP's). When Redis is down the check is
 * skipped (logged): PBKDF2's cost still slows guessing, and logins keep working.
 */
@ApplicationScoped
public class LoginLockout {

  private static final Logger LOG = Logger.getLogger(LoginLockout.class);
  private final ValueCommands<String, Long> counters;
  private final ValueCommands<String, String> locks;
  private final KeyCommands<String> keys;
  private final IdentityConfig.Lockout config;
  private final String prefix;

  LoginLockout(RedisDataSource redis, IdentityConfig config) {
    this.counters = redis.value(Long.class);
    this.locks = redis.value(String.class);
    this.keys = redis.key();
    this.config = config.lockout();
    this.prefix = this.config.keyPrefix();
  }

  /** How long the caller must wait, when the account or the IP is locked. */
  public Optional<Duration> lockedFor(String emailKey, String ip) {
    try {
      // a lock's value is the epoch millisecond it ends at: both read in one round trip
      String accountLock = lockKey("acct", account(emailKey));
      String ipLock = ip == null ? accountLock : lockKey("ip", ip);
      long until = 0;
      for (String value : locks.mget(accountLock, ipLock).values()) {
        if (value != null) {
          until = Math.max(until, Long.parseLong(value));
        }
      }
      long wait = until - System.currentTimeMillis();
      return wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty();
    } catch (RuntimeException e) {
      LOG.warnf("lockout check skipped, Redis unavailable: %s", e.getMessage());
      return Optional.empty();
    }
  }

  /** Counts a failed attempt; the lock it starts, if the threshold is reached. */
  public Optional<Duration> failed(String emailKey, String ip) {
    try {
      Duration account = count("acct", account(emailKey), config.accountThreshold());
      Duration byIp = ip == null ? Duration.ZERO : count("ip", ip, config.ipThreshold());
      Duration lock = account.compareTo(byIp) >= 0 ? account : byIp;
      return lock.isZero() ? Optional.empty() : Optional.of(lock);
    } catch (RuntimeException e) {
      LOG.warnf("failed login not counted, Redis unavailable: %s", e.getMessage());
      return Optional.empty();
    }
  }

  public void succeeded(String emailKey) {
    try {
      String id = account(emailKey);
      keys.del(prefix + "fail:acct:" + id, lockKey("acct", id));
    } catch (RuntimeException e) {
      LOG.warnf("lockout counter not cleared, Redis unavailable: %s", e.getMessage());
    }
  }

  private Duration count(String scope, String id, int threshold) {
    String counter = prefix + "fail:" + scope + ":" + id;
    long failures = counters.incr(counter);
    keys.pexpire(counter, config.window().toMillis());
    if (failures < threshold) {
      return Duration.ZERO;
    }
    Duration lock = delay(failures - threshold);
    long until = System.currentTimeMillis() + lock.toMillis();
    locks.set(lockKey(scope, id), Long.toString(until), new SetArgs().px(lock.toMillis()));
    return lock;
  }

  Duration delay(long beyondThreshold) {
    long shift = Math.min(beyondThreshold, 30);
    long millis = config.baseDelay().toMillis() << shift;
    return Duration.ofMillis(Math.min(millis, config.maxDelay().toMillis()));
  }

  private String lockKey(String scope, String id) {
    return prefix + "lock:" + scope + ":" + id;
  }

  // The email is hashed: Redis holds no addresses, and odd characters cannot shape the key.
  private static String account(String emailKey) {
    return Secrets.sha256Hex(emailKey);
  }
}
