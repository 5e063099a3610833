package io.quantvision.alert.monitoring;

import java.time.Instant;
import java.util.List;

/** One word for the platform (green, yellow, red) and the reasons for it. */
public record StatusReport(String status, List<String> reasons, Instant checkedAt) {}
