package io.quantvision.trading.order;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An order as this service keeps it; its wire shape is {@link OrderView}. */
@Entity
@Table(name = "orders")
public class Order {

  @Id public UUID id;

  @Column(name = "user_id")
  public String userId;

  @Column(name = "client_order_id")
  public String clientOrderId;

  @Column(name = "request_hash")
  public String requestHash;

  public String symbol;
  public String side;
  public String type;

  @Column(name = "time_in_force")
  public String timeInForce;

  public BigDecimal qty;
  public BigDecimal notional;

  @Column(name = "limit_price")
  public BigDecimal limitPrice;

  @Column(name = "stop_price")
  public BigDecimal stopPrice;

  public String status;

  @Column(name = "filled_qty")
  public BigDecimal filledQty = BigDecimal.ZERO;

  @Column(name = "filled_avg_price")
  public BigDecimal filledAvgPrice;

  public BigDecimal commission = BigDecimal.ZERO;
  public BigDecimal reserved = BigDecimal.ZERO;

  @Column(name = "stop_triggered")
  public boolean stopTriggered;

  public String broker;

  @Column(name = "broker_order_id")
  public String brokerOrderId;

  @Column(name = "submit_lease_until")
  public Instant submitLeaseUntil;

  @Column(name = "broker_attempts")
  public int brokerAttempts;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "submitted_at")
  public Instant submittedAt;

  @Column(name = "filled_at")
  public Instant filledAt;

  @Column(name = "canceled_at")
  public Instant canceledAt;

  @Column(name = "expired_at")
  public Instant expiredAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Version public long version;

  public OrderStatus status() {
    return OrderStatus.fromWire(status);
  }

  public boolean isBuy() {
    return "buy".equals(side);
  }

  /** Shares still to fill; null for a notional order not yet filled. */
  public BigDecimal remainingQty() {
    if (qty == null) {
      return null;
    }
    return qty.subtract(filledQty).max(BigDecimal.ZERO);
  }
}
