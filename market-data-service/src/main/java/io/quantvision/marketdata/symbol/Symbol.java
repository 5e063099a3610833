package io.quantvision.marketdata.symbol;

/** A tradable instrument this service keeps data for. */
public record Symbol(
    String ticker, String name, String exchange, String assetClass, boolean active, boolean thin) {}
