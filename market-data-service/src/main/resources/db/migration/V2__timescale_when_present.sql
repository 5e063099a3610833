-- When the TimescaleDB extension is installed in this database (CREATE EXTENSION timescaledb,
-- done by the DBA before the first start), bars live in a hypertable partitioned by start and
-- the larger timeframes get continuous aggregates rolled up from 1Min bars. Without the
-- extension (plain PostgreSQL, e.g. Amazon RDS) this migration does nothing and the plain
-- table serves. See market-data-service/README.md, "Storage".
DO $timescale$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RAISE NOTICE 'timescaledb is not installed: bars stay in a plain table';
        RETURN;
    END IF;

    PERFORM create_hypertable('bar', 'start',
        chunk_time_interval => interval '7 days', migrate_data => true, if_not_exists => true);
    PERFORM create_hypertable('bar_quiet', 'start',
        chunk_time_interval => interval '30 days', migrate_data => true, if_not_exists => true);

    EXECUTE $sql$
        CREATE MATERIALIZED VIEW bar_5min_rollup WITH (timescaledb.continuous) AS
        SELECT symbol, time_bucket(interval '5 minutes', start) AS start,
               first(open, start) AS open, max(high) AS high, min(low) AS low,
               last(close, start) AS close, sum(volume) AS volume, sum(trade_count) AS trade_count,
               sum(vwap * volume) / nullif(sum(volume), 0) AS vwap
        FROM bar WHERE timeframe = '1Min'
        GROUP BY symbol, time_bucket(interval '5 minutes', start)
        WITH NO DATA $sql$;
    EXECUTE $sql$
        CREATE MATERIALIZED VIEW bar_15min_rollup WITH (timescaledb.continuous) AS
        SELECT symbol, time_bucket(interval '15 minutes', start) AS start,
               first(open, start) AS open, max(high) AS high, min(low) AS low,
               last(close, start) AS close, sum(volume) AS volume, sum(trade_count) AS trade_count,
               sum(vwap * volume) / nullif(sum(volume), 0) AS vwap
        FROM bar WHERE timeframe = '1Min'
        GROUP BY symbol, time_bucket(interval '15 minutes', start)
        WITH NO DATA $sql$;
    EXECUTE $sql$
        CREATE MATERIALIZED VIEW bar_1hour_rollup WITH (timescaledb.continuous) AS
        SELECT symbol, time_bucket(interval '1 hour', start) AS start,
               first(open, start) AS open, max(high) AS high, min(low) AS low,
               last(close, start) AS close, sum(volume) AS volume, sum(trade_count) AS trade_count,
               sum(vwap * volume) / nullif(sum(volume), 0) AS vwap
        FROM bar WHERE timeframe = '1Min'
        GROUP BY symbol, time_bucket(interval '1 hour', start)
        WITH NO DATA $sql$;
    -- daily buckets start at midnight New York time, as the providers' daily bars do
    EXECUTE $sql$
        CREATE MATERIALIZED VIEW bar_1day_rollup WITH (timescaledb.continuous) AS
        SELECT symbol, time_bucket(interval '1 day', start, 'America/New_York') AS start,
               first(open, start) AS open, max(high) AS high, min(low) AS low,
               last(close, start) AS close, sum(volume) AS volume, sum(trade_count) AS trade_count,
               sum(vwap * volume) / nullif(sum(volume), 0) AS vwap
        FROM bar WHERE timeframe = '1Min'
        GROUP BY symbol, time_bucket(interval '1 day', start, 'America/New_York')
        WITH NO DATA $sql$;

    PERFORM add_continuous_aggregate_policy('bar_5min_rollup',
        start_offset => interval '3 days', end_offset => interval '5 minutes',
        schedule_interval => interval '1 minute');
    PERFORM add_continuous_aggregate_policy('bar_15min_rollup',
        start_offset => interval '3 days', end_offset => interval '15 minutes',
        schedule_interval => interval '5 minutes');
    PERFORM add_continuous_aggregate_policy('bar_1hour_rollup',
        start_offset => interval '7 days', end_offset => interval '1 hour',
        schedule_interval => interval '15 minutes');
    PERFORM add_continuous_aggregate_policy('bar_1day_rollup',
        start_offset => interval '30 days', end_offset => interval '1 day',
        schedule_interval => interval '1 hour');
END
$timescale$;
