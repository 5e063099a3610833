package io.quantvision.trading.risk;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The limits that apply to one account: its overrides over the configured defaults. */
public record EffectiveLimits(
    BigDecimal maxOrderNotional,
    BigDecimal maxPositionQty,
    int maxOpenOrders,
    int maxOrdersPerMinute,
    BigDecimal priceBandPercent,
    List<String> allowedSymbols) {

  public static EffectiveLimits of(RiskLimits defaults, Optional<AccountRiskLimits> overrides) {
    AccountRiskLimits o = overrides.orElseGet(AccountRiskLimits::new);
    List<String> allowed =
        o.allowedSymbols != null
            ? parse(o.allowedSymbols)
            : defaults.allowedSymbols().orElse(List.of()).stream()
                .map(s -> s.trim().toUpperCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    return new EffectiveLimits(
        o.maxOrderNotional != null ? o.maxOrderNotional : defaults.maxOrderNotional(),
        o.maxPositionQty != null ? o.maxPositionQty : defaults.maxPositionQty(),
        o.maxOpenOrders != null ? o.maxOpenOrders : defaults.maxOpenOrders(),
        o.maxOrdersPerMinute != null ? o.maxOrdersPerMinute : defaults.maxOrdersPerMinute(),
        o.priceBandPercent != null ? o.priceBandPercent : defaults.priceBandPercent(),
        allowed);
  }

  public boolean allows(String symbol) {
    return allowedSymbols.isEmpty() || allowedSymbols.contains(symbol);
  }

  static List<String> parse(String csv) {
    return Arrays.stream(csv.split(","))
        .map(s -> s.trim().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
