package io.quantvision.alert.rule;

import io.quantvision.alert.db.Db;
import io.quantvision.alert.delivery.ChannelSettings;
import io.quantvision.alert.intake.AlertIntake;
import io.quantvision.alert.intake.IncomingAlert;
import io.quantvision.common.event.EventEnvelope;
import io.quantvision.common.event.EventType;
import io.quantvision.common.event.Streams;
import io.quantvision.common.event.payload.BarPayload;
import io.quantvision.support.stream.StreamHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates price rules on {@code md.bars.v1}, in the transaction that records the event id.
 *
 * <ul>
 *   <li>{@code crosses_above P} fires when the previous close ≤ P &lt; this close; {@code
 *       crosses_below P} when the previous close ≥ P &gt; this close. The previous close is the
 *       rule's own state, so each crossing fires once and the rule re-arms by crossing back.
 *   <li>{@code moves_more_than N% over K bars} compares this close with the close K bars earlier
 *       (of the same symbol and timeframe); it fires when |change| &gt; N% and re-arms once the
 *       change is back within N%.
 * </ul>
 *
 * Bars older than the newest one a rule saw (late or out-of-order deliveries, corrections) do not
 * move its state.
 */
@ApplicationScoped
public class PriceRuleEvaluator implements StreamHandler {

  private final Db db;
  private final AlertIntake intake;

  PriceRuleEvaluator(Db db, AlertIntake intake) {
    this.db = db;
    this.intake = intake;
  }

  @Override
  public String stream() {
    return Streams.MD_BARS;
  }

  @Override
  public void handle(EventEnvelope event) {
    if (!event.is(EventType.BAR)) {
      return;
    }
    BarPayload bar = event.payloadAs(EventType.BAR);
    if (bar.symbol() == null
        || bar.timeframe() == null
        || bar.start() == null
        || bar.close() == null) {
      return;
    }
    String symbol = bar.symbol().toUpperCase(Locale.ROOT);
    // rules are locked: two instances handling bars of one symbol evaluate one after the other
    List<Map.Entry<PriceRule, String[]>> rules =
        db.query(
            "SELECT * FROM price_rule WHERE symbol = ? AND timeframe = ? ORDER BY id FOR UPDATE",
            rs ->
                Map.entry(
                    PriceRules.read(rs),
                    new String[] {rs.getString("user_id"), rs.getString("email")}),
            symbol,
            bar.timeframe());
    boolean anyMove =
        rules.stream().anyMatch(r -> "moves_more_than".equals(r.getKey().condition()));
    if (anyMove) {
      db.update(
          "INSERT INTO bar_close (symbol, timeframe, start, close) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (symbol, timeframe, start) DO UPDATE SET close = EXCLUDED.close",
          symbol,
          bar.timeframe(),
          bar.start(),
          bar.close());
    }
    for (Map.Entry<PriceRule, String[]> entry : rules) {
      PriceRule rule = entry.getKey();
      if (rule.lastBarStart() != null && !bar.start().isAfter(rule.lastBarStart())) {
        continue;
      }
      boolean triggered = rule.triggered();
      Optional<String> fired = Optional.empty();
      switch (rule.condition()) {
        case "crosses_above" -> {
          if (rule.lastClose() != null
              && rule.lastClose().compareTo(rule.price()) <= 0
              && bar.close().compareTo(rule.price()) > 0) {
            fired =
                Optional.of(
                    symbol
                        + " crossed above "
                        + plain(rule.price())
                        + " (close "
                        + plain(bar.close())
                        + ")");
          }
        }
        case "crosses_below" -> {
          if (rule.lastClose() != null
              && rule.lastClose().compareTo(rule.price()) >= 0
              && bar.close().compareTo(rule.price()) < 0) {
            fired =
                Optional.of(
                    symbol
                        + " crossed below "
                        + plain(rule.price())
                        + " (close "
                        + plain(bar.close())
                        + ")");
          }
        }
        default -> {
          Optional<BigDecimal> reference =
              closeBefore(symbol, bar.timeframe(), bar.start(), rule.windowBars());
          if (reference.isPresent() && reference.get().signum() > 0) {
            BigDecimal change =
                bar.close()
                    .subtract(reference.get())
                    .multiply(BigDecimal.valueOf(100))
                    .divide(reference.get(), MathContext.DECIMAL64);
            boolean beyond = change.abs().compareTo(rule.percent()) > 0;
            if (beyond && !triggered) {
              fired =
                  Optional.of(
                      String.format(
                          "%s moved %s%% over %d bars (%s → %s)",
                          symbol,
                          change.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                          rule.windowBars(),
                          plain(reference.get()),
                          plain(bar.close())));
            }
            triggered = beyond;
          }
        }
      }
      db.update(
          "UPDATE price_rule SET last_close = ?, last_bar_start = ?, triggered = ?,"
              + " fired_count = fired_count + ? WHERE id = ?",
          bar.close(),
          bar.start(),
          triggered,
          fired.isPresent() ? 1 : 0,
          rule.id());
      fired.ifPresent(
          summary -> fire(rule, entry.getValue()[0], entry.getValue()[1], bar.start(), summary));
    }
  }

  private Optional<BigDecimal> closeBefore(
      String symbol, String timeframe, Instant start, int bars) {
    return db.one(
        "SELECT close FROM bar_close WHERE symbol = ? AND timeframe = ? AND start < ?"
            + " ORDER BY start DESC OFFSET ? LIMIT 1",
        rs -> rs.getBigDecimal(1),
        symbol,
        timeframe,
        start,
        bars - 1);
  }

  private void fire(PriceRule rule, String userId, String email, Instant barStart, String summary) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", "PriceRule");
    labels.put("user_id", userId);
    labels.put("symbol", rule.symbol());
    labels.put("rule_id", rule.id().toString());
    labels.put("condition", rule.condition());
    if (email != null) {
      labels.put(ChannelSettings.EMAIL_LABEL, email);
    }
    intake.take(
        new IncomingAlert(
            "rule:" + rule.id() + ":" + barStart,
            "price_rule",
            "info",
            IncomingAlert.FIRING,
            summary,
            null,
            labels,
            barStart,
            userId,
            email,
            true));
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
