package io.quantvision.testing.infra;

import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at real PostgreSQL (its own database, created when missing and
 * migrated by Flyway at start-up) and real Redis, and makes it trust the test-only JWT key. Each
 * service registers it once, globally, naming its test database. Under a {@code
 * QuarkusIntegrationTest} the packaged application gets what {@link PackagedApplication} adds.
 */
public class ServiceTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String DATABASE = "database";

  /**
   * System property of the test JVM naming the database the application under test really uses
   * (contracts read it: in an integration test the test JVM's own config is not the app's).
   */
  public static final String DATABASE_IN_USE = "qv.test.database";

  /**
   * System property of the test JVM with the management port of a packaged application under test
   * (unset for a {@code QuarkusTest}, whose injected management URLs are right).
   */
  public static final String MANAGEMENT_PORT_IN_USE = "qv.test.management-port";

  /**
   * Set (to {@code true}) by the root pom's failsafe configuration: the JVM runs {@code
   * QuarkusIntegrationTest}s against the packaged artifact. (Quarkus hands the same
   * integration-test context to the resources of every kind of test, and starts them on a thread
   * pool, so neither tells the two apart.)
   */
  public static final String PACKAGED_APPLICATION = "qv.test.packaged-application";

  private String database;
  private TcpProxy redisProxy;

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.get(DATABASE);
    if (database == null) {
      throw new IllegalArgumentException("ServiceTestResource needs the '" + DATABASE + "' arg");
    }
  }

  @Override
  public Map<String, String> start() {
    boolean packagedApplication = Boolean.getBoolean(PACKAGED_APPLICATION);
    String inUse = packagedApplication ? PackagedApplication.database(database) : database;
    System.setProperty(DATABASE_IN_USE, inUse);
    Infrastructure.Postgres postgres = Infrastructure.postgres();
    if (packagedApplication) {
      // the packaged app migrates a database of its own from nothing, every run
      Infrastructure.recreateDatabase(postgres, inUse);
    } else {
      Infrastructure.ensureDatabase(postgres, inUse);
    }
    // A test run that died during a DatabaseOutage must not leave the database locked.
    DatabaseOutage.end(postgres, inUse);
    Infrastructure.Redis redis = Infrastructure.redis();
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(inUse));
    config.put("quarkus.datasource.username", postgres.user());
    config.put("quarkus.datasource.password", postgres.password());
    // Every run starts from an empty schema: a database left by an older build (another branch,
    // an edited migration) must not fail Flyway's validation or leak rows into assertions.
    config.put("quarkus.flyway.clean-at-start", "true");
    redisProxy = TcpProxy.start(redis.host(), redis.port());
    config.put("quarkus.redis.hosts", redis.viaProxy(redisProxy).url());
    // The key itself as well as its location: in test mode smallrye-jwt generates an in-memory
    // key pair when none is configured at build time, and only an inline key wins over that.
    config.put("mp.jwt.verify.publickey.location", TestTokens.PUBLIC_KEY_LOCATION);
    config.put("mp.jwt.verify.publickey", TestTokens.testPublicKeyPem());
    config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
    if (packagedApplication) {
      config.putAll(PackagedApplication.settings());
    }
    return config;
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        redisProxy, new TestInjector.AnnotatedAndMatchesType(RedisProxy.class, TcpProxy.class));
  }

  @Override
  public void stop() {
    // The servers outlive a single application start (they stop with the JVM); the proxy not.
    if (redisProxy != null) {
      redisProxy.close();
    }
    System.clearProperty(DATABASE_IN_USE);
    System.clearProperty(MANAGEMENT_PORT_IN_USE);
  }
}
