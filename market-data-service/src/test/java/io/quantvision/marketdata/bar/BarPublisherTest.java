package io.quantvision.marketdata.bar;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quantvision.common.event.EventCodec;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.Streams;
import io.quantvision.marketdata.Fixtures;
import io.quantvision.marketdata.symbol.SymbolRepository;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The relay of md.bars.v1, driven by hand (its background loop is off in this profile): what goes
 * out for what was committed, in what order, with which ids.
 */
@QuarkusTest
@TestProfile(BarPublisherTest.ManualRelay.class)
class BarPublisherTest {

  public static class ManualRelay implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("qv.streams.outbox-relay-enabled", "false");
    }
  }

  private static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  @Inject BarWriter writer;
  @Inject BarPublisher publisher;
  @Inject SymbolRepository symbols;
  @Inject RedisDataSource redis;
  @Inject AgroalDataSource dataSource;

  @Test
  void aBarRevisedAgainBeforeItsRowWentOutIsPublishedOnceAtItsNewestRevision() throws Exception {
    String symbol = Fixtures.newSymbol(symbols, false);
    String mark = Fixtures.streamMark();
    store(symbol, T0, "100", T1, "100"); // both new (revision 1)
    store(symbol, T0, "100", T1, "101"); // T1 corrected (revision 2)
    store(symbol, T0, "100", T1, "102"); // T1 corrected again (revision 3)
    assertThat(pendingRows()).isGreaterThanOrEqualTo(3);

    drain();

    List<EventEnvelope> events = events(mark, symbol);
    assertThat(events)
        .extracting(e -> e.payload().get("start").asText() + "@" + e.payload().get("revision"))
        .containsExactly(T0 + "@1", T1 + "@3");
    assertThat(events.get(1).payload().get("close").asText()).isEqualTo("102");
    assertThat(events).extracting(EventEnvelope::correlationId).containsOnly("pub-test");
    assertThat(pendingRows()).isZero();
  }

  @Test
  void anIdenticalReplayLeavesNothingToPublish() throws Exception {
    String symbol = Fixtures.newSymbol(symbols, false);
    store(symbol, T0, "100", T1, "100");
    drain();
    long before = pendingRows();

    store(symbol, T0, "100", T1, "100");

    assertThat(pendingRows()).isEqualTo(before);
  }

  @Test
  void eventIdsAreFixedByThePublicationRowSoARepeatedRelayRepeatsThem() {
    Instant start = Instant.parse("2024-03-04T14:30:00Z");
    assertThat(BarPublisher.eventId(7, start)).isEqualTo(BarPublisher.eventId(7, start));
    assertThat(BarPublisher.eventId(7, start)).isNotEqualTo(BarPublisher.eventId(8, start));
    assertThat(BarPublisher.eventId(7, start))
        .isNotEqualTo(BarPublisher.eventId(7, start.plusSeconds(60)));
  }

  private void drain() {
    while (publisher.publishOnce() > 0) {
      // until no row is left
    }
  }

  private void store(String symbol, Instant a, String pa, Instant b, String pb) {
    List<RowOutcome> rows =
        List.of(
            Candidate.atIndex(0, TestBars.minute(symbol, a, pa)),
            Candidate.atIndex(1, TestBars.minute(symbol, b, pb)));
    writer.store("import", writer.check("import", rows), List.of(), "pub-test");
  }

  private long pendingRows() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM bar_publication")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<EventEnvelope> events(String mark, String symbol) {
    return redis.stream(String.class, String.class, String.class)
        .xrange(Streams.MD_BARS, StreamRange.of(mark, "+"))
        .stream()
        .map(m -> EventCodec.decode(m.payload().get(Streams.ENVELOPE_FIELD)))
        .filter(e -> e.payload().get("symbol").asText().equals(symbol))
        .toList();
  }
}
