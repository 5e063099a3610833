package io.quantvision.marketdata.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantvision.marketdata.bar.Timeframe;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MarketCalendarTest {

  @Test
  void isClosedOnWeekendsAndExchangeHolidays() {
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2024, 3, 9))).isFalse(); // Saturday
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2024, 3, 29))).isFalse(); // Good Friday
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2024, 7, 4))).isFalse();
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2024, 11, 28))).isFalse(); // Thanksgiving
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2023, 1, 2)))
        .isFalse(); // New Year observed
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2022, 12, 30))).isTrue(); // not made up
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2024, 6, 19))).isFalse(); // Juneteenth
    assertThat(MarketCalendar.isTradingDay(LocalDate.of(2024, 3, 5))).isTrue();
  }

  @Test
  void opensAtHalfPastNineNewYorkTimeAcrossDaylightSaving() {
    assertThat(MarketCalendar.session(LocalDate.of(2024, 3, 8)).orElseThrow().open())
        .isEqualTo(Instant.parse("2024-03-08T14:30:00Z"));
    assertThat(MarketCalendar.session(LocalDate.of(2024, 3, 11)).orElseThrow().open())
        .isEqualTo(Instant.parse("2024-03-11T13:30:00Z"));
  }

  @Test
  void closesEarlyTheDayAfterThanksgiving() {
    assertThat(MarketCalendar.session(LocalDate.of(2024, 11, 29)).orElseThrow().close())
        .isEqualTo(Instant.parse("2024-11-29T18:00:00Z"));
  }

  @Test
  void expectsEveryMinuteOfTheSessionAndOneBarPerTradingDay() {
    Instant monday = Instant.parse("2024-03-04T00:00:00Z");
    Instant saturday = Instant.parse("2024-03-09T00:00:00Z");
    assertThat(MarketCalendar.expectedStarts(Timeframe.MIN_1, monday, saturday)).hasSize(5 * 390);
    assertThat(MarketCalendar.expectedStarts(Timeframe.HOUR_1, monday, saturday)).hasSize(5 * 7);
    assertThat(MarketCalendar.expectedStarts(Timeframe.DAY_1, monday, saturday))
        .hasSize(5)
        .first()
        .isEqualTo(Instant.parse("2024-03-04T05:00:00Z"));
  }
}
