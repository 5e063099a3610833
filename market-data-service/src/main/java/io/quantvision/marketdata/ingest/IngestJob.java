package io.quantvision.marketdata.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A backfill job and its progress, as {@code GET /api/v1/market/ingest/{id}} shows it. */
public record IngestJob(
    UUID id,
    Status status,
    String provider,
    List<String> symbols,
    String timeframe,
    Instant from,
    Instant to,
    String requestedBy,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    long barsInserted,
    long barsRevised,
    long barsUnchanged,
    long rowsRejected,
    JsonNode rejections,
    String error) {

  public enum Status {
    queued,
    running,
    succeeded,
    failed
  }
}
