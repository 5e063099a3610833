package io.quantvision.common.event;

/**
 * An event that cannot be read: malformed JSON, a missing member, or a payload of the wrong shape.
 */
public class InvalidEventException extends RuntimeException {

  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
