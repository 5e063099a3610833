-- The same rule twice notified twice on every trigger (a double-clicked "create"). One rule per
-- user, symbol, timeframe and condition: the oldest of any exact duplicates stays.
DELETE FROM price_rule a
 USING price_rule b
 WHERE a.user_id = b.user_id
   AND a.symbol = b.symbol
   AND a.timeframe = b.timeframe
   AND a.kind = b.kind
   AND a.price IS NOT DISTINCT FROM b.price
   AND a.percent IS NOT DISTINCT FROM b.percent
   AND a.window_bars IS NOT DISTINCT FROM b.window_bars
   AND (a.created_at, a.id) > (b.created_at, b.id);

CREATE UNIQUE INDEX price_rule_once ON price_rule
    (user_id, symbol, timeframe, kind, coalesce(price, -1), coalesce(percent, -1), coalesce(window_bars, -1));
