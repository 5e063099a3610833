package io.quantvision.trading.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A user's paper account: cash and realized P&L; positions are {@link Position}s. */
@Entity
@Table(name = "account")
public class Account {

  @Id
  @Column(name = "user_id")
  public String userId;

  public BigDecimal cash;

  @Column(name = "realized_pl")
  public BigDecimal realizedPl;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
