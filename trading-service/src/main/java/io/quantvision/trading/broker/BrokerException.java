package io.quantvision.trading.broker;

/**
 * A broker call that failed. {@link Kind#UNKNOWN_OUTCOME}: the broker may or may not have acted
 * (timeout, connection lost, 5xx), so the order must be looked up before anything is resent.
 */
public class BrokerException extends RuntimeException {

  public enum Kind {
    UNKNOWN_OUTCOME("unknown_outcome"),
    UNAVAILABLE("unavailable"),
    REFUSED("refused");

    public final String tag;

    Kind(String tag) {
      this.tag = tag;
    }
  }

  private final Kind kind;

  public BrokerException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public BrokerException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
