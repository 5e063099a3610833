package io.quantvision.marketdata;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.marketdata.symbol.Symbol;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quantvision.testing.jwt.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What the tests of this service share: fresh symbols, tokens, the bar stream. */
public final class Fixtures {

  public static final Duration PATIENCE = Duration.ofSeconds(20);

  private Fixtures() {}

  /** A ticker no other test (or earlier run) has used, registered as a symbol. */
  public static String newSymbol(SymbolRepository symbols, boolean thin) {
    String ticker =
        "T" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36).toUpperCase();
    symbols.ensure(new Symbol(ticker, "Test " + ticker, "TEST", "us_equity", true, thin));
    return ticker;
  }

  public static RequestSpecification asAdmin() {
    return given().auth().oauth2(TestTokens.admin("admin-1"));
  }

  public static RequestSpecification asViewer() {
    return given().auth().oauth2(TestTokens.viewer("viewer-1"));
  }

  public static RequestSpecification asTrader() {
    return given().auth().oauth2(TestTokens.trader("trader-1"));
  }

  /** A stream position "now": entries added later sort after it. */
  public static String streamMark() {
    return (System.currentTimeMillis() - 1) + "-0";
  }

  /** Bar events for {@code symbol} on md.bars.v1 since {@code mark}. */
  public static List<BarPayload> barEvents(RedisDataSource redis, String mark, String symbol) {
    return redis.stream(String.class, String.class, String.class)
        .xrange(Streams.MD_BARS, StreamRange.of(mark, "+"))
        .stream()
        .map(m -> EventCodec.decode(m.payload().get(Streams.ENVELOPE_FIELD)))
        .filter(e -> e.is(EventType.BAR))
        .map(e -> e.payloadAs(EventType.BAR))
        .filter(p -> p.symbol().equals(symbol))
        .toList();
  }

  /** Waits until the outbox relay has published {@code count} bar events for the symbol. */
  public static List<BarPayload> awaitBarEvents(
      RedisDataSource redis, String mark, String symbol, int count) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> barEvents(redis, mark, symbol).size() >= count);
    return barEvents(redis, mark, symbol);
  }
}
