package io.quantvision.trading.broker;

import io.quantvision.trading.TradingConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The broker new orders go to ({@code BROKER}); orders already placed stay with the broker they
 * were placed at, so switching the setting never strands an open order.
 */
@ApplicationScoped
public class Brokers {

  private final PaperBroker paper;
  private final AlpacaBroker alpaca;
  private final String active;

  Brokers(PaperBroker paper, AlpacaBroker alpaca, TradingConfig config) {
    this.paper = paper;
    this.alpaca = alpaca;
    this.active = config.broker();
    if (!PaperBroker.NAME.equals(active) && !AlpacaBroker.NAME.equals(active)) {
      throw new IllegalStateException("BROKER must be paper or alpaca, not '" + active + "'");
    }
  }

  public Broker active() {
    return of(active);
  }

  public Broker of(String name) {
    return AlpacaBroker.NAME.equals(name) ? alpaca : paper;
  }

  public PaperBroker paper() {
    return paper;
  }
}
