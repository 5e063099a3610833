package io.quantvision.alert.monitoring;

/** Whether one dependency is ready, how long the check took, and why not. */
public record Readiness(String name, boolean ready, String detail, long latencyMs) {}
