package io.quantvision.analysis.stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quantvision.analysis.BarFeed;
import io.quantvision.analysis.api.Decimals;
import io.quantvision.analysis.indicator.Indicator;
import io.quantvision.analysis.indicator.IndicatorEngine;
import io.quantvision.analysis.indicator.Reading;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bars arrive on {@code md.bars.v1} in any order, revised, redelivered, or left pending by a
 * crashed instance; the indicators must come out exactly as if the bars had arrived once, in order.
 * The reference is an {@link IndicatorEngine} fed the final bars in order (itself checked against
 * ta4j in IndicatorReferenceTest).
 */
@QuarkusTest
class BarIngestionTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String GROUP = "analysis-service";

  @Inject RedisDataSource redis;
  @Inject AgroalDataSource db;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void indicatorsFollowBarsPublishedInOrderAndReportNothingBeforeWarmUp() {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> bars = BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute(), 120);

    BarFeed.publish(redis, bars);

    awaitStored(symbol, 120);
    JsonPath page = indicators(symbol);
    assertThat(page.getList("items")).hasSize(120);
    // OBV is defined from the first bar; everything else needs history
    assertThat(page.getMap("items[0].values")).containsOnlyKeys("obv");
    assertThat(page.getMap("items[18].values")).doesNotContainKey("sma_20").containsKey("obv");
    assertThat(page.getMap("items[19].values")).containsKey("sma_20").doesNotContainKey("sma_50");
    assertThat(page.getMap("items[103].values")).doesNotContainKey("macd_12_26_9");
    assertThat(page.getMap("items[104].values")).containsKey("macd_12_26_9");
    assertThat(valuesByBar(page)).isEqualTo(expected(bars));
  }

  @Test
  void shuffledRevisedAndRepeatedBarsGiveTheSameIndicatorsAsOrderedOnes() {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> finalBars = BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute(), 80);
    List<EventEnvelope> arrivals = new ArrayList<>();
    Random random = new Random(7);
    for (EventEnvelope bar : finalBars) {
      BarPayload p = BarFeed.payload(bar);
      if (random.nextInt(4) == 0) {
        // a first print, later corrected by revision 1
        arrivals.add(
            BarFeed.bar(
                symbol, p.start(), p.open().doubleValue(), p.close().doubleValue() * 1.05, 7, 0));
      }
      arrivals.add(bar);
    }
    Collections.shuffle(arrivals, random);
    // a stale revision arriving after its correction, and an event delivered twice
    BarPayload tenth = BarFeed.payload(finalBars.get(10));
    arrivals.add(BarFeed.bar(symbol, tenth.start(), 1, 2, 3, 0));
    arrivals.add(finalBars.get(40));

    BarFeed.publish(redis, arrivals);

    awaitStored(symbol, 80);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(valuesByBar(indicators(symbol))).isEqualTo(expected(finalBars)));
  }

  @Test
  void barsACrashedInstanceLeftPendingAreTakenOverWithoutLossOrDoubleSignals() {
    String symbol = BarFeed.newSymbol();
    List<EventEnvelope> bars = BarFeed.declineThenJump(symbol, BarFeed.lastClosedMinute(), 120);
    // Another instance reads the first half and dies before acknowledging: MULTI makes its read
    // happen before this service's consumer (blocked in XREADGROUP) can see those entries.
    redis.withTransaction(
        tx -> {
          var streams = tx.stream(String.class, String.class, String.class);
          for (EventEnvelope bar : bars.subList(0, 60)) {
            streams.xadd(Streams.MD_BARS, Map.of(Streams.ENVELOPE_FIELD, EventCodec.encode(bar)));
          }
          streams.xreadgroup(
              GROUP, "crashed-instance", Streams.MD_BARS, ">", new XReadGroupArgs().count(10_000));
        });
    // the rest arrives while they are stuck, and this service applies them first
    BarFeed.publish(redis, bars.subList(60, 120));
    // an instance that applied some bars but died before acknowledging: they come again
    BarFeed.publish(redis, bars.subList(100, 120));

    awaitStored(symbol, 120);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(valuesByBar(indicators(symbol))).isEqualTo(expected(bars)));
    JsonPath signals = signals(symbol);
    assertThat(signals.getList("items")).hasSize(1);
    assertThat(signals.getString("items[0].action")).isEqualTo("buy");
    assertThat(signals.getString("items[0].bar_time"))
        .isEqualTo(BarFeed.payload(bars.get(119)).start().toString());
    await().atMost(PATIENCE).until(() -> SignalStream.entriesFor(redis, symbol).size() == 1);
  }

  @Test
  void anUnusableBarIsNeverStoredAndEndsInTheDeadLetterStream() {
    String symbol = BarFeed.newSymbol();
    EventEnvelope good = BarFeed.bar(symbol, BarFeed.lastClosedMinute(), 100, 101, 10, 1);
    BarPayload p = BarFeed.payload(good);
    // high below low: no indicator can be computed from it, now or after any number of retries
    EventEnvelope unusable =
        EventEnvelope.create(
            EventType.BAR,
            "market-data-service",
            null,
            new BarPayload(
                symbol,
                BarFeed.MINUTE,
                p.start().minusSeconds(60),
                p.open(),
                p.low(),
                p.high(),
                p.close(),
                10,
                1L,
                null,
                1,
                "test"));

    BarFeed.publish(redis, List.of(unusable, good));

    awaitStored(symbol, 1);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                redis.stream(String.class, String.class, String.class)
                    .xrevrange(Streams.MD_BARS + ".dead", StreamRange.of("+", "-"), 500)
                    .stream()
                    .anyMatch(
                        m ->
                            m.payload()
                                .getOrDefault(Streams.ENVELOPE_FIELD, "")
                                .contains(unusable.id().toString())));
    assertThat(BarFeed.storedBars(db, symbol)).isEqualTo(1);
  }

  private void awaitStored(String symbol, int count) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> BarFeed.storedBars(db, symbol) == count);
  }

  private static JsonPath indicators(String symbol) {
    return given()
        .auth()
        .oauth2(TestTokens.viewer("reader"))
        .queryParam("timeframe", BarFeed.MINUTE)
        .get("/api/v1/analysis/{symbol}/indicators", symbol)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath signals(String symbol) {
    return given()
        .auth()
        .oauth2(TestTokens.viewer("reader"))
        .get("/api/v1/analysis/{symbol}/signals", symbol)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** bar time -> the API's values of that bar. */
  private static Map<String, Object> valuesByBar(JsonPath page) {
    Map<String, Object> byBar = new LinkedHashMap<>();
    List<Map<String, Object>> items = page.getList("items");
    for (Map<String, Object> item : items) {
      byBar.put((String) item.get("bar_time"), item.get("values"));
    }
    return byBar;
  }

  /** What the API must show for these bars, computed by an engine fed them in order. */
  private static Map<String, Object> expected(List<EventEnvelope> bars) {
    IndicatorEngine engine = new IndicatorEngine();
    Map<String, Object> byBar = new LinkedHashMap<>();
    for (EventEnvelope event : bars) {
      BarPayload bar = BarFeed.payload(event);
      engine.update(
          bar.high().doubleValue(),
          bar.low().doubleValue(),
          bar.close().doubleValue(),
          bar.volume());
      Reading reading = engine.reading();
      Map<String, Object> values = new LinkedHashMap<>();
      for (Indicator indicator : Indicator.values()) {
        Map<String, Double> parts = reading.values(indicator);
        if (parts.isEmpty()) {
          continue;
        }
        if (indicator.singleValued()) {
          values.put(indicator.wireName(), Decimals.format(parts.get(Reading.VALUE)));
        } else {
          Map<String, String> formatted = new LinkedHashMap<>();
          parts.forEach((k, v) -> formatted.put(k, Decimals.format(v)));
          values.put(indicator.wireName(), formatted);
        }
      }
      byBar.put(bar.start().truncatedTo(ChronoUnit.MICROS).toString(), values);
    }
    return byBar;
  }

  static Instant start(EventEnvelope bar) {
    return BarFeed.payload(bar).start();
  }
}
