-- The delivery outbox is a queue: under an alert storm thousands of rows wait, and the claim
-- must stay as cheap as with ten. Two statements of every claim scanned the whole backlog:
--   * "oldest pending first" went through delivery_due (pending and sending rows) or, with a
--     generic plan and statistics from before the storm, a bitmap scan of every open row of the
--     channel and a sort: 0.4-0.9 s per claim with 40,000 waiting, so delivery fell to ~40/s
--     while alerts kept arriving at 500/s (benchmarks/alert/RESULTS.md);
--   * the lease-expiry reset looked for 'sending' rows among all open ones (~20 ms at 40,000).
-- An index per state makes each an ordered scan that stops after the batch.
CREATE INDEX delivery_pending ON delivery (channel, id) WHERE status = 'pending';
CREATE INDEX delivery_sending ON delivery (channel, lease_until) WHERE status = 'sending';
DROP INDEX delivery_due;
-- a queue table churns: vacuum and analyze it after 2% of its rows changed, not 20% / 10%
ALTER TABLE delivery SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
