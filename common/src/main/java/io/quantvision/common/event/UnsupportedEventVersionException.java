package io.quantvision.common.event;

/** An event written at a payload version this reader does not know. */
public class UnsupportedEventVersionException extends InvalidEventException {

  private final String type;
  private final int version;

  public UnsupportedEventVersionException(String type, int version, int newestSupported) {
    super(
        "event type '"
            + type
            + "' version "
            + version
            + " is not supported: this reader understands versions 1 to "
            + newestSupported);
    this.type = type;
    this.version = version;
  }

  public String type() {
    return type;
  }

  public int version() {
    return version;
  }
}
