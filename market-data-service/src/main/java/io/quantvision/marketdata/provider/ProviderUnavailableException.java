package io.quantvision.marketdata.provider;

/** A provider could not answer (after retries, or with its circuit open); nothing was fetched. */
public class ProviderUnavailableException extends RuntimeException {

  public ProviderUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
