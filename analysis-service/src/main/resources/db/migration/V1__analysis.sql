-- One row per (symbol, timeframe) this service has bars for. Its row lock serialises the
-- instances applying bars of the same series; `version` changes with every applied bar, so an
-- instance knows whether its cached indicator engine is still the series' latest state.
CREATE TABLE series (
    symbol      text        NOT NULL,
    timeframe   text        NOT NULL,
    last_start  timestamptz,
    bar_count   bigint      NOT NULL DEFAULT 0,
    version     uuid        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, timeframe)
);

-- The service's own copy of the bars (the highest revision of each), each with the indicator
-- engine's state after it (format IndicatorEngine.FORMAT: the recursive scalars and every output),
-- from which the series can be resumed or recomputed from any bar.
CREATE TABLE bar (
    symbol       text        NOT NULL,
    timeframe    text        NOT NULL,
    start_time   timestamptz NOT NULL,
    open         numeric     NOT NULL,
    high         numeric     NOT NULL,
    low          numeric     NOT NULL,
    close        numeric     NOT NULL,
    volume       bigint      NOT NULL,
    trade_count  bigint,
    vwap         numeric,
    revision     integer     NOT NULL,
    provider     text,
    event_id     uuid        NOT NULL,
    engine_state bytea       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, timeframe, start_time),
    FOREIGN KEY (symbol, timeframe) REFERENCES series (symbol, timeframe)
);

-- Signals; a bar re-evaluated after a revision or a late bar gets a new row (sequence + 1) only
-- when its action changes.
CREATE TABLE signal (
    id           uuid        PRIMARY KEY,
    symbol       text        NOT NULL,
    timeframe    text        NOT NULL,
    bar_time     timestamptz NOT NULL,
    sequence     integer     NOT NULL,
    action       text        NOT NULL CHECK (action IN ('buy', 'sell', 'hold')),
    confidence   integer     NOT NULL CHECK (confidence BETWEEN 0 AND 100),
    reasons      jsonb       NOT NULL,
    rules        jsonb       NOT NULL,
    event_id     uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (symbol, timeframe, bar_time, sequence)
);
CREATE INDEX signal_by_symbol ON signal (symbol, bar_time DESC, sequence DESC);

-- Reports as served; the Redis cache points at the newest one per (symbol, timeframe, last bar).
CREATE TABLE report (
    id              uuid        PRIMARY KEY,
    symbol          text        NOT NULL,
    timeframe       text        NOT NULL,
    bar_time        timestamptz NOT NULL,
    source          text        NOT NULL CHECK (source IN ('llm', 'fallback')),
    fallback_reason text,
    model           text,
    prompt_hash     text        NOT NULL,
    body            jsonb       NOT NULL,
    generated_at    timestamptz NOT NULL
);
CREATE INDEX report_by_series ON report (symbol, timeframe, bar_time DESC);
