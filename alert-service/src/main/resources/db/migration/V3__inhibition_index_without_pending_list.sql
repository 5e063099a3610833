-- The inhibition lookup (labels @> ...) runs for every new alert. With GIN's default fastupdate,
-- new entries first go to an unsorted pending list (up to gin_pending_list_limit, 4 MB) that
-- every search reads in full: under an alert storm that made the lookup ~2 ms and the largest
-- CPU item of the intake in PostgreSQL (benchmarks/alert/RESULTS.md). Without the pending list an
-- insert updates the index at once (slightly dearer) and a search reads only matching entries.
ALTER INDEX alert_firing_labels SET (fastupdate = off);
-- what an existing pending list holds moves into the index now
SELECT gin_clean_pending_list('alert_firing_labels');
