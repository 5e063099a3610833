package io.quantvision.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendResultTest {

  @Test
  void classifiesAnswersAsDeliveredRetryOrFailed() {
    assertThat(SendResult.ofHttp(202, "{}", Optional.empty()).kind())
        .isEqualTo(SendResult.Kind.DELIVERED);
    assertThat(SendResult.ofHttp(200, "ok", Optional.empty()).kind())
        .isEqualTo(SendResult.Kind.DELIVERED);
    assertThat(SendResult.ofHttp(429, "", Optional.empty()).kind())
        .isEqualTo(SendResult.Kind.RETRY);
    assertThat(SendResult.ofHttp(503, "", Optional.empty()).kind())
        .isEqualTo(SendResult.Kind.RETRY);
    assertThat(SendResult.ofHttp(408, "", Optional.empty()).kind())
        .isEqualTo(SendResult.Kind.RETRY);
    assertThat(SendResult.ofHttp(400, "invalid routing key", Optional.empty()).kind())
        .isEqualTo(SendResult.Kind.FAILED);
    assertThat(SendResult.ofHttp(404, "no_service", Optional.empty()).detail())
        .contains("no_service");
  }

  @Test
  void readsRetryAfterAsSecondsOrAnHttpDate() {
    assertThat(SendResult.ofHttp(429, "", Optional.of("7")).retryAfter())
        .contains(Duration.ofSeconds(7));
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    Duration fromDate =
        SendResult.ofHttp(503, "", Optional.of(inTenSeconds)).retryAfter().orElseThrow();
    assertThat(fromDate).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    assertThat(SendResult.ofHttp(429, "", Optional.of("soon")).retryAfter()).isEmpty();
    assertThat(SendResult.ofHttp(429, "", Optional.of("-3")).retryAfter()).contains(Duration.ZERO);
  }
}
