package io.quantvision.trading.risk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One account's overrides of the configured limits; a null field keeps the default. */
@Entity
@Table(name = "risk_limits")
public class AccountRiskLimits {

  @Id
  @Column(name = "user_id")
  public String userId;

  @Column(name = "max_order_notional")
  public BigDecimal maxOrderNotional;

  @Column(name = "max_position_qty")
  public BigDecimal maxPositionQty;

  @Column(name = "max_open_orders")
  public Integer maxOpenOrders;

  @Column(name = "max_orders_per_minute")
  public Integer maxOrdersPerMinute;

  @Column(name = "price_band_percent")
  public BigDecimal priceBandPercent;

  /** Comma-separated; null = the configured allow-list. */
  @Column(name = "allowed_symbols")
  public String allowedSymbols;

  @Column(name = "updated_by")
  public String updatedBy;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
