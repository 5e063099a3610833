package io.quantvision.analysis.report;

/**
 * What is sent to the model: a fixed system message and a user message made only of market data;
 * {@code hash} (SHA-256 of model, system and user message) identifies it in the report. {@code
 * referencePrice} (the last close) bounds the key levels an answer may name.
 */
public record Prompt(
    String model, String system, String user, String hash, double referencePrice) {}
