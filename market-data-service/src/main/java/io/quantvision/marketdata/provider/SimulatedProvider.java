package io.quantvision.marketdata.provider;

import io.quantvision.marketdata.bar.Bar;
import io.quantvision.marketdata.bar.Candidate;
import io.quantvision.marketdata.bar.RowOutcome;
import io.quantvision.marketdata.bar.Timeframe;
import io.quantvision.marketdata.market.MarketCalendar;
import io.quantvision.marketdata.market.MarketCalendar.Session;
import io.quantvision.marketdata.quote.Quote;
import io.quantvision.marketdata.symbol.Symbol;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic feed for local runs and tests: geometric Brownian motion seeded by (seed, symbol,
 * day), so any instance, any day, asked for any range, gives the same bars. Each trading day's
 * close follows a daily GBM; within the day a Brownian bridge (15-second steps) runs from the open
 * to that close, so 1Min bars aggregate exactly into the larger timeframes. Bars exist only in
 * regular hours; thin symbols have minutes without trades, which the feed reports as quiet.
 */
@ApplicationScoped
public class SimulatedProvider implements MarketDataProvider {

  public static final String NAME = "simulated";

  private static final LocalDate FIRST_DAY = LocalDate.of(1990, 1, 1);
  private static final LocalDate LAST_DAY = LocalDate.of(2079, 6, 30);
  private static final int LEVELS = 15;
  private static final LocalDate ANCHOR_DAY = LocalDate.of(2025, 1, 2);
  private static final int STEPS_PER_MINUTE = 4;
  private static final double ANNUAL_VOLATILITY = 0.28;
  private static final double ANNUAL_DRIFT = 0.07;
  private static final double THIN_QUIET_PROBABILITY = 0.35;

  private static final Map<String, Double> ANCHOR_PRICES =
      Map.of(
          "AAPL", 243.0, "MSFT", 418.0, "GOOGL", 190.0, "AMZN", 220.0, "NVDA", 138.0, "SPY", 585.0,
          "QQQ", 510.0, "META", 600.0, "TSLA", 390.0, "JPM", 240.0);

  private final long seed;
  private final Clock clock;
  private final Map<String, Double> anchorWalks = new ConcurrentHashMap<>();
  private final Map<String, DayPath> days =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DayPath> eldest) {
              return size() > 512;
            }
          });

  SimulatedProvider(ProviderSettings settings, Clock clock) {
    this.seed = settings.simulated().seed();
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ProviderBars bars(List<Symbol> symbols, Timeframe timeframe, Instant from, Instant to) {
    Instant now = clock.instant();
    List<RowOutcome> rows = new ArrayList<>();
    List<Bar.Key> quiet = new ArrayList<>();
    for (Session session : MarketCalendar.sessions(from, to)) {
      if (!session.open().isBefore(now) || !inSimulatedYears(session.date())) {
        continue;
      }
      for (Symbol symbol : symbols) {
        DayPath day = day(symbol, session);
        aggregate(day, symbol.ticker(), timeframe, from, to, now, rows, quiet);
      }
    }
    return new ProviderBars(rows, quiet);
  }

  @Override
  public Map<String, Quote> latestQuotes(List<String> symbols) {
    Instant now = clock.instant();
    Map<String, Quote> quotes = new LinkedHashMap<>();
    for (String ticker : symbols) {
      Symbol symbol = new Symbol(ticker, ticker, null, "us_equity", true, false);
      Session session = MarketCalendar.latestSession(now).orElse(null);
      if (session == null || !inSimulatedYears(session.date())) {
        continue;
      }
      DayPath day = day(symbol, session);
      double last;
      if (session.contains(now)) {
        int step = (int) (Duration.between(session.open(), now).toSeconds() / 15);
        last = day.price(Math.min(step, day.steps()));
      } else {
        // between sessions the venue quotes the last close
        last = day.price(day.steps());
      }
      BigDecimal lastPrice = cents(last);
      BigDecimal half =
          lastPrice
              .multiply(new BigDecimal("0.0001"))
              .setScale(2, RoundingMode.HALF_UP)
              .max(new BigDecimal("0.01"));
      quotes.put(
          ticker,
          new Quote(
              ticker,
              lastPrice.subtract(half),
              lastPrice.add(half),
              lastPrice,
              now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
              NAME));
    }
    return quotes;
  }

  private void aggregate(
      DayPath day,
      String ticker,
      Timeframe timeframe,
      Instant from,
      Instant to,
      Instant now,
      List<RowOutcome> rows,
      List<Bar.Key> quiet) {
    Session session = day.session();
    Instant bucket = null;
    Acc acc = null;
    for (int m = 0; m < day.minutes(); m++) {
      Instant minute = session.open().plus(Duration.ofMinutes(m));
      Instant start = timeframe.bucketOf(minute);
      if (!start.equals(bucket)) {
        emit(acc, ticker, timeframe, session, from, to, now, rows, quiet);
        bucket = start;
        acc = new Acc(start);
      }
      acc.add(day, m);
    }
    emit(acc, ticker, timeframe, session, from, to, now, rows, quiet);
  }

  private static void emit(
      Acc acc,
      String ticker,
      Timeframe timeframe,
      Session session,
      Instant from,
      Instant to,
      Instant now,
      List<RowOutcome> rows,
      List<Bar.Key> quiet) {
    if (acc == null || acc.start.isBefore(from) || !acc.start.isBefore(to)) {
      return;
    }
    Instant end = timeframe.end(acc.start);
    if (end.isAfter(session.close())) {
      end = session.close();
    }
    if (end.isAfter(now)) {
      return; // not complete yet
    }
    if (acc.volume == 0) {
      quiet.add(new Bar.Key(ticker, timeframe, acc.start));
      return;
    }
    BigDecimal vwap =
        BigDecimal.valueOf(acc.notional / acc.volume)
            .setScale(4, RoundingMode.HALF_UP)
            .max(acc.low)
            .min(acc.high);
    rows.add(
        Candidate.atIndex(
            rows.size(),
            new Bar(
                ticker,
                timeframe,
                acc.start,
                acc.open,
                acc.high,
                acc.low,
                acc.close,
                acc.volume,
                acc.trades,
                vwap,
                0,
                NAME)));
  }

  /** Running OHLCV of one output bar. */
  private static final class Acc {
    final Instant start;
    BigDecimal open;
    BigDecimal high;
    BigDecimal low;
    BigDecimal close;
    long volume;
    long trades;
    double notional;

    Acc(Instant start) {
      this.start = start;
    }

    void add(DayPath day, int minute) {
      long v = day.volume(minute);
      if (v == 0) {
        return;
      }
      BigDecimal[] ohlc = day.ohlc(minute);
      if (open == null) {
        open = ohlc[0];
        high = ohlc[1];
        low = ohlc[2];
      } else {
        high = high.max(ohlc[1]);
        low = low.min(ohlc[2]);
      }
      close = ohlc[3];
      volume += v;
      trades += day.trades(minute);
      notional += day.vwap(minute) * v;
    }
  }

  private boolean inSimulatedYears(LocalDate date) {
    return date.isAfter(FIRST_DAY) && date.isBefore(LAST_DAY);
  }

  private DayPath day(Symbol symbol, Session session) {
    String key = symbol.ticker() + '|' + session.date() + '|' + symbol.thin();
    DayPath cached = days.get(key);
    if (cached == null) {
      cached = buildDay(symbol, session);
      days.put(key, cached);
    }
    return cached;
  }

  private DayPath buildDay(Symbol symbol, Session session) {
    String ticker = symbol.ticker();
    int k = (int) (session.date().toEpochDay() - FIRST_DAY.toEpochDay());
    double sigmaDay = ANNUAL_VOLATILITY / Math.sqrt(365);
    double logClose = logClose(ticker, k);
    double logPreviousClose = logClose(ticker, k - 1);
    SplittableRandom random = random(ticker, session.date().toEpochDay(), 1);
    double logOpen = logPreviousClose + 0.3 * sigmaDay * random.nextGaussian();
    int minutes = (int) Duration.between(session.open(), session.close()).toMinutes();
    int steps = minutes * STEPS_PER_MINUTE;
    double stepSigma = sigmaDay / Math.sqrt(steps);
    double[] w = new double[steps + 1];
    for (int j = 1; j <= steps; j++) {
      w[j] = w[j - 1] + stepSigma * random.nextGaussian();
    }
    double[] logPrice = new double[steps + 1];
    double target = logClose - logOpen;
    for (int j = 0; j <= steps; j++) {
      logPrice[j] = logOpen + w[j] - ((double) j / steps) * (w[steps] - target);
    }
    long dailyVolume = symbol.thin() ? 60_000 : 25_000_000;
    long[] volume = new long[minutes];
    for (int m = 0; m < minutes; m++) {
      double x = (m - minutes / 2.0) / (minutes / 2.0);
      double profile = (1 + 2.0 * x * x) / (minutes * (1 + 2.0 / 3.0));
      double noise = Math.exp(0.35 * random.nextGaussian() - 0.06);
      boolean quiet = symbol.thin() && random.nextDouble() < THIN_QUIET_PROBABILITY;
      volume[m] = quiet ? 0 : Math.max(1, Math.round(dailyVolume * profile * noise));
    }
    return new DayPath(session, minutes, logPrice, volume, symbol.thin() ? 150 : 90);
  }

  /**
   * The symbol's log close on day {@code k} (days since FIRST_DAY): drift plus a Brownian motion
   * anchored at the anchor price on ANCHOR_DAY. W(k) comes from Lévy's midpoint construction, each
   * midpoint seeded by its interval, so any day costs {@value #LEVELS} draws and no storage.
   */
  private double logClose(String ticker, int k) {
    double sigma = ANNUAL_VOLATILITY / Math.sqrt(365);
    double drift = ANNUAL_DRIFT / 365 - sigma * sigma / 2;
    int anchor = (int) (ANCHOR_DAY.toEpochDay() - FIRST_DAY.toEpochDay());
    double anchorW = anchorWalks.computeIfAbsent(ticker, t -> brownian(t, anchor));
    return Math.log(anchorPrice(ticker))
        + drift * (k - anchor)
        + sigma * (brownian(ticker, k) - anchorW);
  }

  /** W(k) for 0 <= k <= 2^LEVELS, with unit variance per day. */
  private double brownian(String ticker, int k) {
    int low = 0;
    int high = 1 << LEVELS;
    double wLow = 0;
    double wHigh = Math.sqrt(high) * random(ticker, high, 3).nextGaussian();
    while (high - low > 1) {
      int mid = (low + high) >>> 1;
      double wMid =
          (wLow + wHigh) / 2
              + Math.sqrt((high - low) / 4.0)
                  * random(ticker, ((long) low << 32) | high, 4).nextGaussian();
      if (k < mid) {
        high = mid;
        wHigh = wMid;
      } else {
        low = mid;
        wLow = wMid;
      }
    }
    return k == low ? wLow : wHigh;
  }

  private static double anchorPrice(String ticker) {
    Double known = ANCHOR_PRICES.get(ticker);
    return known != null ? known : 20 + Math.floorMod(ticker.hashCode(), 480);
  }

  private SplittableRandom random(String ticker, long day, long stream) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ ticker.hashCode());
    h = mix(h ^ day);
    return new SplittableRandom(mix(h ^ stream));
  }

  /** SplitMix64's finaliser: spreads nearby inputs over the whole seed space. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static BigDecimal cents(double price) {
    return BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_UP);
  }

  /** One simulated session of one symbol: the 15-second log-price path and minute volumes. */
  private record DayPath(
      Session session, int minutes, double[] logPrice, long[] volume, int tradeSize) {

    int steps() {
      return logPrice.length - 1;
    }

    double price(int step) {
      return Math.exp(logPrice[step]);
    }

    long volume(int minute) {
      return volume[minute];
    }

    long trades(int minute) {
      return Math.max(1, volume[minute] / tradeSize);
    }

    BigDecimal[] ohlc(int minute) {
      int first = minute * STEPS_PER_MINUTE;
      BigDecimal open = cents(price(first));
      BigDecimal high = open;
      BigDecimal low = open;
      BigDecimal close = open;
      for (int j = first + 1; j <= first + STEPS_PER_MINUTE; j++) {
        close = cents(price(j));
        high = high.max(close);
        low = low.min(close);
      }
      return new BigDecimal[] {open, high, low, close};
    }

    double vwap(int minute) {
      double sum = 0;
      int first = minute * STEPS_PER_MINUTE;
      for (int j = first + 1; j <= first + STEPS_PER_MINUTE; j++) {
        sum += price(j);
      }
      return sum / STEPS_PER_MINUTE;
    }
  }
}
