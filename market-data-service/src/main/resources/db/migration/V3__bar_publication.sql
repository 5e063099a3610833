-- The outbox of md.bars.v1. An ingest transaction stores its bars and, per (symbol, timeframe),
-- one row here listing the bars it inserted or revised (start and new revision); the
-- BarPublisher reads those bars back after commit and puts one md.bar event per bar on the
-- stream, in id order. One row per series instead of one outbox row per bar: a 100,000-bar
-- backfill writes a few rows of arrays rather than 100,000 JSON envelopes (see
-- benchmarks/market-data/RESULTS.md). A bar revised again before its row was relayed is
-- published once, at its newest revision, by the later row.
CREATE TABLE bar_publication (
    id             bigserial     PRIMARY KEY,
    symbol         text          NOT NULL,
    timeframe      text          NOT NULL,
    starts         timestamptz[] NOT NULL,
    revisions      integer[]     NOT NULL CHECK (cardinality(revisions) = cardinality(starts)),
    correlation_id text,
    created_at     timestamptz   NOT NULL DEFAULT now()
);

-- Events of bars stored before this migration are already in outbox_event and go out through
-- the generic relay as before.
