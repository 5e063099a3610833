package io.quantvision.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sliding-window counter's arithmetic, on a clock the test moves (no Quarkus needed). */
class LocalLimiterTest {

  private static final long MINUTE = 60_000;
  private static final Policy TEN_A_MINUTE =
      new Policy(
          "t", List.of(new Policy.Window("minute", 10, 60), new Policy.Window("hour", 1000, 3600)));

  private final AtomicLong now = new AtomicLong(100 * MINUTE);
  private final LocalLimiter limiter = new LocalLimiter(now::get);

  @Test
  void admitsTheLimitThenRefusesUntilTheSlotRollsOver() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.decide("p", TEN_A_MINUTE).allowed()).isTrue();
    }
    Decision refused = limiter.decide("p", TEN_A_MINUTE);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()[0]).isZero();
    // all 10 in the slot that just began: one more fits once a tenth of them has slid out
    assertThat(refused.retryAfterMillis()).isEqualTo(MINUTE + MINUTE / 10);
  }

  @Test
  void previousSlotCountsInProportionToItsPartStillInsideTheWindow() {
    for (int i = 0; i < 10; i++) {
      limiter.decide("p", TEN_A_MINUTE);
    }
    // half-way through the next slot: 10 × 0.5 = 5 still count, 5 more fit
    now.addAndGet(MINUTE + MINUTE / 2);
    int admitted = 0;
    while (limiter.decide("p", TEN_A_MINUTE).allowed()) {
      admitted++;
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void theHourWindowRefusesEvenWhenTheMinuteWouldAllow() {
    Policy tight =
        new Policy(
            "t", List.of(new Policy.Window("minute", 10, 60), new Policy.Window("hour", 15, 3600)));
    int admitted = 0;
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 10; i++) {
        if (limiter.decide("q", tight).allowed()) {
          admitted++;
        }
      }
      now.addAndGet(MINUTE);
    }
    assertThat(admitted).isEqualTo(15);
  }

  @Test
  void refusedRequestsAreNotCounted() {
    for (int i = 0; i < 50; i++) {
      limiter.decide("r", TEN_A_MINUTE);
    }
    now.addAndGet(2 * MINUTE);
    assertThat(limiter.decide("r", TEN_A_MINUTE).allowed()).isTrue();
    assertThat(limiter.decide("r", TEN_A_MINUTE).remaining()[0]).isEqualTo(8);
  }
}
