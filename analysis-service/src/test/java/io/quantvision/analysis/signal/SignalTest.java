package io.quantvision.analysis.signal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quantvision.analysis.BarFeed;
import io.quantvision.analysis.stream.SignalStream;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.common.event.payload.SignalPayload;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignalTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Inject RedisDataSource redis;
  @Inject AgroalDataSource db;
  @Inject MeterRegistry registry;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void aBarCrossingEveryBuyRuleRaisesOneBuySignalPublishedOnTheSignalStream() {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> bars = BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute(), 120);
    double buysBefore = buys();

    BarFeed.publish(redis, bars);

    await().atMost(PATIENCE).until(() -> SignalStream.entriesFor(redis, symbol).size() == 1);
    SignalPayload published = SignalStream.entriesFor(redis, symbol).get(0);
    assertThat(published.action()).isEqualTo("buy");
    assertThat(published.timeframe()).isEqualTo(BarFeed.MINUTE);
    assertThat(published.barTime()).isEqualTo(BarFeed.payload(bars.get(119)).start());
    assertThat(published.confidence()).isEqualTo(100);
    assertThat(published.rules())
        .containsOnlyKeys(
            SignalRules.SMA_CROSS,
            SignalRules.EMA_CROSS,
            SignalRules.MACD_CROSS,
            SignalRules.RSI_REVERSAL,
            SignalRules.BOLLINGER_BREAKOUT)
        .containsValue("1");
    assertThat(published.reasons()).anyMatch(r -> r.startsWith("SMA(20) crossed above SMA(50)"));

    JsonPath page = signals(symbol);
    assertThat(page.getList("items")).hasSize(1);
    assertThat(page.getString("items[0].signal_id")).isEqualTo(published.signalId().toString());
    assertThat(page.getInt("items[0].sequence")).isEqualTo(1);
    assertThat(page.getString("next_page_token")).isNull();
    await().atMost(PATIENCE).until(() -> buys() >= buysBefore + 1);
  }

  @Test
  void aRedeliveredOrRepublishedBarRaisesNoSecondSignal() {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> bars = BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute(), 120);
    BarFeed.publish(redis, bars);
    await().atMost(PATIENCE).until(() -> SignalStream.entriesFor(redis, symbol).size() == 1);

    EventEnvelope last = bars.get(119);
    BarPayload p = BarFeed.payload(last);
    // the same event again, and the same bar (same revision) as a new event
    BarFeed.publish(
        redis,
        List.of(
            last,
            BarFeed.bar(
                symbol, p.start(), p.open().doubleValue(), p.close().doubleValue(), 1_119, 1)));
    EventEnvelope marker = BarFeed.quiet(BarFeed.newSymbol(), BarFeed.lastClosedMinute(), 1).get(0);
    BarFeed.publish(redis, List.of(marker));
    // once a later entry is applied, the repeats before it have been too
    await()
        .atMost(PATIENCE)
        .until(() -> BarFeed.storedBars(db, BarFeed.payload(marker).symbol()) == 1);

    assertThat(SignalStream.entriesFor(redis, symbol)).hasSize(1);
    assertThat(signals(symbol).getList("items")).hasSize(1);
  }

  @Test
  void aRevisionThatUndoesTheBreakoutWithdrawsTheSignalWithAHold() {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> bars = BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute(), 120);
    BarFeed.publish(redis, bars);
    await().atMost(PATIENCE).until(() -> SignalStream.entriesFor(redis, symbol).size() == 1);

    BarPayload last = BarFeed.payload(bars.get(119));
    // the corrected print: the jump never happened
    BarFeed.publish(
        redis,
        List.of(
            BarFeed.bar(
                symbol,
                last.start(),
                last.open().doubleValue(),
                last.open().doubleValue() - 0.01,
                1_119,
                2)));

    await().atMost(PATIENCE).until(() -> SignalStream.entriesFor(redis, symbol).size() == 2);
    SignalPayload correction = SignalStream.entriesFor(redis, symbol).get(1);
    assertThat(correction.action()).isEqualTo("hold");
    assertThat(correction.barTime()).isEqualTo(last.start());
    assertThat(correction.reasons()).anyMatch(r -> r.contains("earlier buy signal"));
    assertThat(signals(symbol).getInt("items[0].sequence")).isEqualTo(2);
  }

  @Test
  void aBackfillOfOldBarsUpdatesIndicatorsButRaisesNoSignal() {
    String symbol = BarFeed.newSymbol();
    Instant lastWeek = BarFeed.lastClosedMinute().minus(7, ChronoUnit.DAYS);

    BarFeed.publish(redis, BarFeed.declineThenJump(symbol, lastWeek, 120));

    await().atMost(PATIENCE).until(() -> BarFeed.storedBars(db, symbol) == 120);
    assertThat(signals(symbol).getList("items")).isEmpty();
    assertThat(SignalStream.entriesFor(redis, symbol)).isEmpty();
  }

  @Test
  void signalsOfASymbolWithoutBarsAreNotFound() {
    given()
        .auth()
        .oauth2(TestTokens.viewer("reader"))
        .get("/api/v1/analysis/{symbol}/signals", BarFeed.newSymbol())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  private double buys() {
    return registry.counter("qv.analysis.signals.generated", "action", "buy").count();
  }

  private static JsonPath signals(String symbol) {
    return given()
        .auth()
        .oauth2(TestTokens.trader("reader"))
        .get("/api/v1/analysis/{symbol}/signals", symbol)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
