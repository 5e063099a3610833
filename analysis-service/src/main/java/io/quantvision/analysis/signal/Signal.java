package io.quantvision.analysis.signal;

import io.quantvision.common.event.payload.SignalPayload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A signal as stored and served. {@code sequence} is 1 for a bar's first signal and grows when the
 * bar is re-evaluated (a revision, a late bar) and its action changes.
 */
public record Signal(
    UUID signalId,
    String symbol,
    String timeframe,
    Instant barTime,
    int sequence,
    String action,
    int confidence,
    List<String> reasons,
    Map<String, String> rules,
    Instant createdAt) {

  SignalPayload payload() {
    return new SignalPayload(
        signalId, symbol, timeframe, barTime, action, confidence, reasons, rules);
  }
}
