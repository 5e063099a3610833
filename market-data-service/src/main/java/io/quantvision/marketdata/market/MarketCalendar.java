package io.quantvision.marketdata.market;

import io.quantvision.marketdata.bar.Timeframe;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * US equity regular trading hours (NYSE/Nasdaq): 09:30–16:00 New York time on weekdays, closed on
 * the exchange holidays, 13:00 early closes on the day after Thanksgiving, Christmas Eve and the
 * eve of Independence Day. Rules, not a table, so it needs no yearly update; extraordinary closures
 * (national days of mourning) are not known to it.
 */
public final class MarketCalendar {

  public static final ZoneId ZONE = ZoneId.of("America/New_York");
  public static final LocalTime OPEN = LocalTime.of(9, 30);
  public static final LocalTime CLOSE = LocalTime.of(16, 0);
  public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

  private MarketCalendar() {}

  /** One day's regular session, [open, close). */
  public record Session(LocalDate date, Instant open, Instant close) {
    public boolean contains(Instant instant) {
      return !instant.isBefore(open) && instant.isBefore(close);
    }
  }

  public static Optional<Session> session(LocalDate date) {
    if (!isTradingDay(date)) {
      return Optional.empty();
    }
    LocalTime close = isEarlyClose(date) ? EARLY_CLOSE : CLOSE;
    return Optional.of(
        new Session(
            date,
            date.atTime(OPEN).atZone(ZONE).toInstant(),
            date.atTime(close).atZone(ZONE).toInstant()));
  }

  public static boolean isOpen(Instant instant) {
    return session(instant.atZone(ZONE).toLocalDate()).map(s -> s.contains(instant)).orElse(false);
  }

  /** The sessions on days that overlap [from, to), oldest first. */
  public static List<Session> sessions(Instant from, Instant to) {
    List<Session> sessions = new ArrayList<>();
    LocalDate last = to.atZone(ZONE).toLocalDate();
    for (LocalDate d = from.atZone(ZONE).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
      session(d).ifPresent(sessions::add);
    }
    return sessions;
  }

  /** The most recent session that opened at or before {@code instant}. */
  public static Optional<Session> latestSession(Instant instant) {
    LocalDate d = instant.atZone(ZONE).toLocalDate();
    for (int i = 0; i < 15; i++, d = d.minusDays(1)) {
      Optional<Session> session = session(d);
      if (session.isPresent() && !session.get().open().isAfter(instant)) {
        return session;
      }
    }
    return Optional.empty();
  }

  /**
   * The bar starts a complete feed has within regular hours in [from, to): every minute (or 5, 15
   * minutes) of each session, each hour that overlaps a session, each trading day.
   */
  public static List<Instant> expectedStarts(Timeframe timeframe, Instant from, Instant to) {
    List<Instant> starts = new ArrayList<>();
    for (Session session : sessions(from, to)) {
      if (timeframe == Timeframe.DAY_1) {
        Instant start = session.date().atStartOfDay(ZONE).toInstant();
        if (!start.isBefore(from) && start.isBefore(to)) {
          starts.add(start);
        }
        continue;
      }
      for (Instant s = timeframe.bucketOf(session.open());
          s.isBefore(session.close());
          s = s.plus(timeframe.duration())) {
        if (!s.isBefore(from) && s.isBefore(to)) {
          starts.add(s);
        }
      }
    }
    return starts;
  }

  public static boolean isTradingDay(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !isHoliday(date);
  }

  static boolean isHoliday(LocalDate date) {
    int year = date.getYear();
    // New Year's Day; a Saturday New Year is not made up on the Friday before.
    LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
    if (date.equals(newYear.getDayOfWeek() == DayOfWeek.SUNDAY ? newYear.plusDays(1) : newYear)) {
      return true;
    }
    return date.equals(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3))
        || date.equals(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3))
        || date.equals(easterSunday(year).minusDays(2))
        || date.equals(
            LocalDate.of(year, Month.MAY, 31)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
        || (year >= 2022 && date.equals(observed(LocalDate.of(year, Month.JUNE, 19))))
        || date.equals(observed(LocalDate.of(year, Month.JULY, 4)))
        || date.equals(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))
        || date.equals(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))
        || date.equals(observed(LocalDate.of(year, Month.DECEMBER, 25)));
  }

  static boolean isEarlyClose(LocalDate date) {
    int year = date.getYear();
    LocalDate independence = LocalDate.of(year, Month.JULY, 4);
    boolean independenceEve =
        date.equals(independence.minusDays(1))
            && independence.getDayOfWeek() != DayOfWeek.SATURDAY
            && independence.getDayOfWeek() != DayOfWeek.SUNDAY;
    return independenceEve
        || date.equals(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4).plusDays(1))
        || date.equals(LocalDate.of(year, Month.DECEMBER, 24));
  }

  private static LocalDate observed(LocalDate holiday) {
    return switch (holiday.getDayOfWeek()) {
      case SATURDAY -> holiday.minusDays(1);
      case SUNDAY -> holiday.plusDays(1);
      default -> holiday;
    };
  }

  private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
  }

  /** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, day);
  }
}
