package io.quantvision.marketdata.ingest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v1/market/ingest}: backfill {@code symbols} at {@code timeframe} over [from, to)
 * from {@code provider} (default: the configured one).
 */
public record IngestRequest(
    @NotEmpty @Size(max = 500) List<@NotBlank String> symbols,
    @NotBlank String timeframe,
    @NotBlank String from,
    @NotBlank String to,
    String provider) {}
