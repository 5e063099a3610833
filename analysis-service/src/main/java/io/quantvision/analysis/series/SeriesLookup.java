package io.quantvision.analysis.series;

import io.agroal.api.AgroalDataSource;
import io.quantvision.analysis.bar.Timeframe;
import io.quantvision.common.problem.Problem;
import io.quantvision.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Answers "does this service know that symbol?" for the API: a symbol it holds no bars for is a
 * 404, whether it does not exist or market-data has not published it yet.
 */
@ApplicationScoped
public class SeriesLookup {

  private final SeriesRepository repository;
  private final AgroalDataSource dataSource;

  SeriesLookup(SeriesRepository repository, AgroalDataSource dataSource) {
    this.repository = repository;
    this.dataSource = dataSource;
  }

  /** The series, or a 404 naming what is known about the symbol. */
  public SeriesKey require(String symbol, Timeframe timeframe) {
    SeriesKey key = new SeriesKey(symbol, timeframe);
    if (barCount(key) > 0) {
      return key;
    }
    List<Timeframe> known = repository.timeframesOf(symbol);
    if (known.isEmpty()) {
      throw unknownSymbol(symbol);
    }
    throw new ProblemException(
        Problem.of(
                404,
                "unknown-series",
                "Unknown series",
                "No "
                    + timeframe.wireName()
                    + " bars for "
                    + symbol
                    + "; it has "
                    + String.join(", ", known.stream().map(Timeframe::wireName).toList()))
            .with("symbol", symbol));
  }

  /** The symbol when this service holds bars for it at any timeframe, else a 404. */
  public String requireSymbol(String symbol) {
    if (repository.timeframesOf(symbol).isEmpty()) {
      throw unknownSymbol(symbol);
    }
    return symbol;
  }

  private long barCount(SeriesKey key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT bar_count FROM series WHERE symbol = ? AND timeframe = ?")) {
      s.setString(1, key.symbol());
      s.setString(2, key.timeframe().wireName());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read series " + key + ": " + e.getMessage(), e);
    }
  }

  private static ProblemException unknownSymbol(String symbol) {
    return new ProblemException(
        Problem.of(
                404, "unknown-symbol", "Unknown symbol", "No bars have been received for " + symbol)
            .with("symbol", symbol));
  }
}
