package io.quantvision.alert.monitoring;

import java.time.Instant;
import java.util.List;

/** Readiness of the five services, PostgreSQL, Redis and the delivery channels. */
public record HealthReport(
    String status,
    Instant checkedAt,
    List<Readiness> services,
    Readiness postgresql,
    Readiness redis,
    List<ChannelState> channels) {}
