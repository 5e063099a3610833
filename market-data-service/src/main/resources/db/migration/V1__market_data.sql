-- Market data: symbols, OHLCV bars, provider-confirmed quiet intervals, ingest jobs.

CREATE TABLE symbol (
    ticker      text        PRIMARY KEY CHECK (ticker ~ '^[A-Z][A-Z0-9.]{0,15}$'),
    name        text        NOT NULL,
    exchange    text,
    asset_class text        NOT NULL DEFAULT 'us_equity',
    active      boolean     NOT NULL DEFAULT true,
    -- thinly traded: a minute without trades is normal, not a gap, when the provider says so
    thin        boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per (symbol, timeframe, bar open time). The primary key serves range queries
-- (symbol, timeframe, start BETWEEN ...) and the ingest upsert; no other index, so batched
-- ingest stays cheap. No foreign key to symbol either: the writer checks symbols per batch.
-- revision starts at 1 and grows by one whenever a provider corrects the bar.
CREATE TABLE bar (
    symbol      text        NOT NULL,
    timeframe   text        NOT NULL CHECK (timeframe IN ('1Min', '5Min', '15Min', '1Hour', '1Day')),
    start       timestamptz NOT NULL,
    open        numeric     NOT NULL CHECK (open > 0),
    high        numeric     NOT NULL,
    low         numeric     NOT NULL CHECK (low > 0),
    close       numeric     NOT NULL CHECK (close > 0),
    volume      bigint      NOT NULL CHECK (volume >= 0),
    trade_count bigint               CHECK (trade_count >= 0),
    vwap        numeric              CHECK (vwap > 0),
    revision    integer     NOT NULL DEFAULT 1,
    provider    text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, timeframe, start),
    CHECK (high >= low AND open BETWEEN low AND high AND close BETWEEN low AND high)
);

-- Bar intervals within regular hours that the provider reported as having no trades (thin
-- symbols): gap detection does not count them as missing.
CREATE TABLE bar_quiet (
    symbol    text        NOT NULL,
    timeframe text        NOT NULL,
    start     timestamptz NOT NULL,
    provider  text        NOT NULL,
    PRIMARY KEY (symbol, timeframe, start)
);

-- Admin backfills, run by whichever instance claims them (FOR UPDATE SKIP LOCKED).
CREATE TABLE ingest_job (
    id             uuid        PRIMARY KEY,
    status         text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    provider       text        NOT NULL,
    symbols        text[]      NOT NULL,
    timeframe      text        NOT NULL,
    range_from     timestamptz NOT NULL,
    range_to       timestamptz NOT NULL,
    requested_by   text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    heartbeat_at   timestamptz,
    finished_at    timestamptz,
    bars_inserted  bigint      NOT NULL DEFAULT 0,
    bars_revised   bigint      NOT NULL DEFAULT 0,
    bars_unchanged bigint      NOT NULL DEFAULT 0,
    rows_rejected  bigint      NOT NULL DEFAULT 0,
    rejections     jsonb       NOT NULL DEFAULT '[]',
    error          text
);
CREATE INDEX ingest_job_queued ON ingest_job (created_at) WHERE status = 'queued';
