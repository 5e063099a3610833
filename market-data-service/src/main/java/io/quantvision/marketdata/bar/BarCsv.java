package io.quantvision.marketdata.bar;

import io.quantvision.common.problem.ProblemException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Bars to and from CSV (Apache Commons CSV; RFC 4180 quoting). */
public final class BarCsv {

  public static final String MEDIA_TYPE = "text/csv";

  static final String HEADER =
      "symbol,timeframe,start,open,high,low,close,volume,trade_count,vwap,revision,provider\n";

  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .setIgnoreEmptyLines(true)
          .setIgnoreSurroundingSpaces(true)
          .setAllowMissingColumnNames(true)
          .get();

  private BarCsv() {}

  /**
   * Reads every data line into a candidate or a rejection carrying its line number (the header is
   * line 1). A file without the needed columns, or that is not CSV at all, is a 400 as a whole.
   */
  public static List<RowOutcome> read(String body, RowReader reader) {
    List<RowOutcome> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(body), FORMAT)) {
      Map<String, String> columns = columns(parser.getHeaderNames());
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        Map<String, String> row = new HashMap<>();
        columns.forEach(
            (header, canonical) -> {
              if (record.isSet(header)) {
                row.put(canonical, record.get(header));
              }
            });
        if (!record.isConsistent()) {
          rows.add(
              Rejection.atLine(
                  line,
                  RejectReason.UNPARSEABLE,
                  "has " + record.size() + " fields; the header has " + columns.size()));
          continue;
        }
        rows.add(reader.read(line, true, row));
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw ProblemException.badRequest("The body is not readable CSV: " + rootMessage(e));
    }
    return rows;
  }

  private static Map<String, String> columns(List<String> headers) {
    Map<String, String> columns = new HashMap<>();
    for (String header : headers) {
      String canonical = RowReader.canonical(header);
      if (canonical != null) {
        columns.put(header, canonical);
      }
    }
    for (String required : List.of("start", "open", "high", "low", "close", "volume")) {
      if (!columns.containsValue(required)) {
        throw ProblemException.badRequest(
            "The CSV header has no '"
                + required
                + "' column (expected a layout such as date,open,high,low,close,volume)");
      }
    }
    return columns;
  }

  /** Appends bars as CSV lines under {@link #HEADER}. */
  public static String write(List<Bar> bars) {
    StringBuilder out = new StringBuilder(HEADER.length() + bars.size() * 110);
    out.append(HEADER);
    for (Bar bar : bars) {
      out.append(bar.symbol())
          .append(',')
          .append(bar.timeframe().label())
          .append(',')
          .append(bar.start())
          .append(',')
          .append(bar.open().toPlainString())
          .append(',')
          .append(bar.high().toPlainString())
          .append(',')
          .append(bar.low().toPlainString())
          .append(',')
          .append(bar.close().toPlainString())
          .append(',')
          .append(bar.volume())
          .append(',')
          .append(bar.tradeCount() == null ? "" : bar.tradeCount())
          .append(',')
          .append(bar.vwap() == null ? "" : bar.vwap().toPlainString())
          .append(',')
          .append(bar.revision())
          .append(',')
          .append(bar.provider())
          .append('\n');
    }
    return out.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
