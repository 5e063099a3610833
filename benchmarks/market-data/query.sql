-- Baseline: the same 1,000 bars straight from PostgreSQL (what the API's repository runs).
SELECT symbol, timeframe, start, open, high, low, close, volume, trade_count, vwap, revision, provider
FROM bar WHERE symbol = 'AAPL' AND timeframe = '1Min'
  AND start >= '2024-03-04T14:30:00Z' AND start < '2024-03-09T00:00:00Z'
ORDER BY start LIMIT 1001;
