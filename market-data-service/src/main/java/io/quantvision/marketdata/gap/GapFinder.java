package io.quantvision.marketdata.gap;

import io.quantvision.marketdata.bar.BarRepository;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.market.MarketCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Compares the regular-hours calendar with what is stored. */
@ApplicationScoped
public class GapFinder {

  private final BarRepository bars;

  GapFinder(BarRepository bars) {
    this.bars = bars;
  }

  /** Missing bars in [from, to); only bars that should have ended by {@code now} count. */
  public GapReport find(String symbol, Timeframe timeframe, Instant from, Instant to, Instant now) {
    List<Instant> expected = new ArrayList<>();
    for (Instant start : MarketCalendar.expectedStarts(timeframe, from, to)) {
      if (!ended(timeframe, start, now)) {
        break;
      }
      expected.add(start);
    }
    Set<Instant> covered = bars.coveredStarts(symbol, timeframe, from, to);
    List<GapReport.Gap> gaps = new ArrayList<>();
    Instant runStart = null;
    Instant runEnd = null;
    long runBars = 0;
    long missing = 0;
    for (Instant start : expected) {
      if (covered.contains(start)) {
        continue;
      }
      missing++;
      if (runStart != null && runEnd.equals(start)) {
        runEnd = timeframe.end(start);
        runBars++;
      } else {
        if (runStart != null) {
          gaps.add(new GapReport.Gap(runStart, runEnd, runBars));
        }
        runStart = start;
        runEnd = timeframe.end(start);
        runBars = 1;
      }
    }
    if (runStart != null) {
      gaps.add(new GapReport.Gap(runStart, runEnd, runBars));
    }
    return new GapReport(symbol, timeframe.label(), from, to, expected.size(), missing, gaps);
  }

  private static boolean ended(Timeframe timeframe, Instant start, Instant now) {
    Instant end = timeframe.end(start);
    if (timeframe == Timeframe.DAY_1) {
      end =
          MarketCalendar.session(start.atZone(MarketCalendar.ZONE).toLocalDate())
              .map(MarketCalendar.Session::close)
              .orElse(end);
    }
    return !end.isAfter(now);
  }
}
