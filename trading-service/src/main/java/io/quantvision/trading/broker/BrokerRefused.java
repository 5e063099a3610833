package io.quantvision.trading.broker;

/** The broker answered and said no (4xx): the order is rejected, nothing is retried. */
public class BrokerRefused extends BrokerException {

  public BrokerRefused(String message) {
    super(Kind.REFUSED, message);
  }
}
