package io.quantvision.trading;

import static io.quantvision.trading.Fixtures.count;
import static io.quantvision.trading.Fixtures.market;
import static io.quantvision.trading.Fixtures.newSymbol;
import static io.quantvision.trading.Fixtures.newUser;
import static io.quantvision.trading.Fixtures.price;
import static io.quantvision.trading.Fixtures.submit;
import static io.quantvision.trading.Fixtures.trader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.testing.infra.RedisProxy;
import io.quantvision.testing.infra.TcpProxy;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Orders keep working while Redis is down; their events wait and go out, in order, after. */
@QuarkusTest
class OrderEventsOutageTest {

  @RedisProxy TcpProxy redisProxy;
  @Inject RedisDataSource redis;

  @Test
  void orderEventsWaitForRedisAndAreDeliveredInOrderWhenItReturns() throws Exception {
    String user = newUser();
    String symbol = newSymbol();
    price(symbol, "10");
    List<String> ids = new ArrayList<>();

    redisProxy.cut();
    try {
      for (int i = 0; i < 3; i++) {
        ids.add(
            submit(trader(user), market(symbol, "buy", "1")).statusCode(201).extract().path("id"));
      }
      assertThat(count("SELECT count(*) FROM outbox_event WHERE envelope LIKE ?", "%" + user + "%"))
          .isEqualTo(9);
    } finally {
      redisProxy.restore();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<EventEnvelope> events = published(user);
              assertThat(events).hasSize(9);
              List<String> sequence =
                  events.stream()
                      .map(e -> e.payloadAs(EventType.ORDER))
                      .map(p -> ids.indexOf(p.orderId().toString()) + ":" + p.event())
                      .toList();
              assertThat(sequence)
                  .containsExactly(
                      "0:accepted",
                      "0:new",
                      "0:fill",
                      "1:accepted",
                      "1:new",
                      "1:fill",
                      "2:accepted",
                      "2:new",
                      "2:fill");
              // consumers de-duplicate by event id: every id is distinct
              assertThat(events.stream().map(EventEnvelope::id).distinct()).hasSize(9);
            });
    assertThat(count("SELECT count(*) FROM outbox_event WHERE envelope LIKE ?", "%" + user + "%"))
        .isZero();
  }

  private List<EventEnvelope> published(String user) {
    return redis.stream(String.class, String.class, String.class)
        .xrevrange(Streams.TRADING_ORDERS, StreamRange.of("+", "-"), 3000)
        .stream()
        .map(m -> EventCodec.decode(m.payload().get(Streams.ENVELOPE_FIELD)))
        .filter(e -> e.is(EventType.ORDER))
        .filter(e -> user.equals(e.payloadAs(EventType.ORDER).userId()))
        .toList()
        .reversed();
  }
}
