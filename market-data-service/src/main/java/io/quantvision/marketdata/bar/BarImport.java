package io.quantvision.marketdata.bar;

/** File imports (CSV, JSON) through the API: their provider name on bars and metrics. */
final class BarImport {

  static final String PROVIDER = "import";

  private BarImport() {}
}
