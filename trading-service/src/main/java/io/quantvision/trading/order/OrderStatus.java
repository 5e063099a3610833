package io.quantvision.trading.order;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An order's status, named as Alpaca names them, and the one state machine every change goes
 * through. {@code accepted}: persisted here, not yet acknowledged by the broker; {@code new}: the
 * broker has it.
 */
public enum OrderStatus {
  ACCEPTED,
  NEW,
  PARTIALLY_FILLED,
  PENDING_CANCEL,
  FILLED,
  CANCELED,
  EXPIRED,
  REJECTED;

  private static final Map<OrderStatus, Set<OrderStatus>> NEXT =
      Map.of(
          ACCEPTED,
          EnumSet.of(NEW, PARTIALLY_FILLED, FILLED, PENDING_CANCEL, CANCELED, EXPIRED, REJECTED),
          NEW,
          EnumSet.of(PARTIALLY_FILLED, FILLED, PENDING_CANCEL, CANCELED, EXPIRED, REJECTED),
          PARTIALLY_FILLED,
          EnumSet.of(PARTIALLY_FILLED, FILLED, PENDING_CANCEL, CANCELED, EXPIRED),
          // fills may still arrive while a cancel is on its way; a refused cancel goes back
          PENDING_CANCEL,
          EnumSet.of(PENDING_CANCEL, NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED),
          FILLED,
          EnumSet.noneOf(OrderStatus.class),
          CANCELED,
          EnumSet.noneOf(OrderStatus.class),
          EXPIRED,
          EnumSet.noneOf(OrderStatus.class),
          REJECTED,
          EnumSet.noneOf(OrderStatus.class));

  /** Statuses in which an order may still trade (and holds buying power). */
  public static final Set<OrderStatus> OPEN =
      EnumSet.of(ACCEPTED, NEW, PARTIALLY_FILLED, PENDING_CANCEL);

  public boolean canBecome(OrderStatus next) {
    return NEXT.get(this).contains(next);
  }

  public boolean isOpen() {
    return OPEN.contains(this);
  }

  public boolean isTerminal() {
    return !isOpen();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OrderStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
