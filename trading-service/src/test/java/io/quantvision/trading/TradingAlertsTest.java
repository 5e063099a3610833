package io.quantvision.trading;

import static io.quantvision.trading.Fixtures.market;
import static io.quantvision.trading.Fixtures.newSymbol;
import static io.quantvision.trading.Fixtures.newUser;
import static io.quantvision.trading.Fixtures.price;
import static io.quantvision.trading.Fixtures.submit;
import static io.quantvision.trading.Fixtures.trader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.AlertPayload;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operational alerts trading raises on alerts.events.v1, as alert-service will read them. */
@QuarkusTest
@TestProfile(TradingAlertsTest.ShortBurstWindow.class)
class TradingAlertsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final int BURST = 5;
  private static final String ADMIN = "admin-trading-alerts";

  /** A burst of five rejections within three seconds; long enough for five HTTP calls. */
  public static class ShortBurstWindow implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "trading.risk.rejection-burst", String.valueOf(BURST), "trading.risk.burst-window", "3s");
    }
  }

  @Inject RedisDataSource redis;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void resume() {
    switchTrading("resume");
  }

  @Test
  void aBurstOfRiskRejectionsRaisesOneWarningNotOnePerRejection() {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "100");
    OrderLifecycleTest.setLimits(user, "{\"max_order_notional\": 1000}");
    Instant start = Instant.now();

    for (int i = 0; i < BURST * 2 - 1; i++) {
      submit(trader(user), market(symbol, "buy", "11")).statusCode(422);
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<AlertPayload> bursts = alertsSince(start, "trading-risk-rejection-burst");
              // nine rejections in one window: the fifth fires, the rest are the same burst
              assertThat(bursts).hasSize(1);
              AlertPayload burst = bursts.get(0);
              assertThat(burst.severity()).isEqualTo("warning");
              assertThat(burst.status()).isEqualTo(AlertPayload.FIRING);
              assertThat(burst.labels())
                  .containsEntry("service", "trading-service")
                  .containsEntry("reason", "max_order_notional");
            });
  }

  @Test
  void theKillSwitchPagesWhenHaltedAndResolvesWhenResumed() {
    Instant start = Instant.now();

    switchTrading("halt");
    switchTrading("resume");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<AlertPayload> changes = alertsSince(start, "trading-kill-switch");
              assertThat(changes)
                  .extracting(AlertPayload::severity, AlertPayload::status)
                  .containsExactly(
                      tuple("critical", AlertPayload.FIRING), tuple("info", AlertPayload.RESOLVED));
              assertThat(changes.get(0).summary()).contains(ADMIN);
            });
  }

  private static void switchTrading(String action) {
    given()
        .auth()
        .oauth2(TestTokens.admin(ADMIN))
        .contentType("application/json")
        .body("{\"reason\": \"drill\"}")
        .post("/api/v1/admin/trading/" + action)
        .then()
        .statusCode(200);
  }

  /** Alerts with this fingerprint published after {@code since}, oldest first. */
  private List<AlertPayload> alertsSince(Instant since, String fingerprint) {
    String from = since.toEpochMilli() + "-0";
    return redis.stream(String.class, String.class, String.class)
        .xrange(Streams.ALERTS_EVENTS, StreamRange.of(from, "+"))
        .stream()
        .map(m -> EventCodec.decode(m.payload().get(Streams.ENVELOPE_FIELD)))
        .filter(e -> e.is(EventType.ALERT))
        .map(e -> e.payloadAs(EventType.ALERT))
        .filter(p -> fingerprint.equals(p.fingerprint()))
        .toList();
  }
}
