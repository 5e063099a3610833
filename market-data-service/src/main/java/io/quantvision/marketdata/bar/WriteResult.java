package io.quantvision.marketdata.bar;

import java.util.List;

/** What a batch did: how many rows came in, what became of them, and each refused row. */
public record WriteResult(
    long received, long inserted, long revised, long unchanged, List<Rejection> rejected) {

  public static WriteResult rejectedOnly(long received, List<Rejection> rejected) {
    return new WriteResult(received, 0, 0, 0, rejected);
  }
}
