package io.quantvision.trading.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** Shares of one symbol held in one account (long only) and their average entry price. */
@Entity
@Table(name = "position")
@IdClass(Position.Key.class)
public class Position {

  @Id
  @Column(name = "user_id")
  public String userId;

  @Id public String symbol;

  public BigDecimal qty;

  @Column(name = "avg_entry_price")
  public BigDecimal avgEntryPrice;

  @Column(name = "updated_at")
  public Instant updatedAt;

  public record Key(String userId, String symbol) implements Serializable {
    public Key() {
      this(null, null);
    }
  }
}
