package io.quantvision.trading.price;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** The latest price of a symbol as learnt from {@code md.bars.v1}. */
@Entity
@Table(name = "market_price")
public class MarketPrice {

  @Id public String symbol;

  public BigDecimal price;

  public String timeframe;

  @Column(name = "bar_start")
  public Instant barStart;

  public int revision;

  @Column(name = "as_of")
  public Instant asOf;
}
