package io.quantvision.marketdata.symbol;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class SymbolRepository {

  private static final String COLUMNS = "ticker, name, exchange, asset_class, active, thin";

  private final AgroalDataSource dataSource;

  SymbolRepository(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Adds the symbol unless it exists; an existing row keeps its name and flags. */
  public void ensure(Symbol symbol) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO symbol ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticker) DO NOTHING")) {
      insert.setString(1, symbol.ticker());
      insert.setString(2, symbol.name());
      insert.setString(3, symbol.exchange());
      insert.setString(4, symbol.assetClass());
      insert.setBoolean(5, symbol.active());
      insert.setBoolean(6, symbol.thin());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot add symbol " + symbol.ticker(), e);
    }
  }

  public void markThin(String ticker, boolean thin) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement("UPDATE symbol SET thin = ?, updated_at = now() WHERE ticker = ?")) {
      update.setBoolean(1, thin);
      update.setString(2, ticker);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update symbol " + ticker, e);
    }
  }

  public List<Symbol> all() {
    return select("SELECT " + COLUMNS + " FROM symbol ORDER BY ticker", null);
  }

  public List<Symbol> active() {
    return select("SELECT " + COLUMNS + " FROM symbol WHERE active ORDER BY ticker", null);
  }

  public Optional<Symbol> find(String ticker) {
    return select("SELECT " + COLUMNS + " FROM symbol WHERE ticker = ?", ticker).stream()
        .findFirst();
  }

  /** Which of {@code tickers} are known. */
  public Set<String> known(Collection<String> tickers) {
    Set<String> known = new HashSet<>();
    if (tickers.isEmpty()) {
      return known;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT ticker FROM symbol WHERE ticker = ANY (?)")) {
      select.setArray(1, c.createArrayOf("text", tickers.toArray()));
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          known.add(rs.getString(1));
        }
      }
      return known;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read symbols", e);
    }
  }

  private List<Symbol> select(String sql, String parameter) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      List<Symbol> symbols = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          symbols.add(
              new Symbol(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getBoolean(5),
                  rs.getBoolean(6)));
        }
      }
      return symbols;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read symbols", e);
    }
  }
}
