-- trading-service's own schema. Money and quantities are numeric, never floating point.

-- One paper account per user (JWT sub), created on first use with the configured starting cash.
CREATE TABLE account (
    user_id     text          PRIMARY KEY,
    cash        numeric(24,8) NOT NULL,
    realized_pl numeric(24,8) NOT NULL DEFAULT 0,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now()
);

-- Per-account overrides of the configured risk limits (NULL = the configured default).
CREATE TABLE risk_limits (
    user_id               text          PRIMARY KEY REFERENCES account,
    max_order_notional    numeric(24,2),
    max_position_qty      numeric(24,9),
    max_open_orders       integer,
    max_orders_per_minute integer,
    price_band_percent    numeric(6,2),
    allowed_symbols       text,
    updated_by            text          NOT NULL,
    updated_at            timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id                 uuid          PRIMARY KEY,
    user_id            text          NOT NULL REFERENCES account,
    client_order_id    text          NOT NULL,
    -- digest of the request body: a replay must carry the same one
    request_hash       text          NOT NULL,
    symbol             text          NOT NULL,
    side               text          NOT NULL,
    type               text          NOT NULL,
    time_in_force      text          NOT NULL,
    qty                numeric(24,9),
    notional           numeric(24,2),
    limit_price        numeric(18,4),
    stop_price         numeric(18,4),
    status             text          NOT NULL,
    filled_qty         numeric(24,9) NOT NULL DEFAULT 0,
    filled_avg_price   numeric(24,9),
    commission         numeric(24,8) NOT NULL DEFAULT 0,
    -- buying power held by an open buy order
    reserved           numeric(24,8) NOT NULL DEFAULT 0,
    stop_triggered     boolean       NOT NULL DEFAULT false,
    broker             text          NOT NULL,
    broker_order_id    text,
    -- who may send it to the broker: an instance holds the lease while it calls; an expired
    -- lease on an 'accepted' order means the call's outcome is unknown (crash, timeout)
    submit_lease_until timestamptz,
    broker_attempts    integer       NOT NULL DEFAULT 0,
    created_at         timestamptz   NOT NULL,
    updated_at         timestamptz   NOT NULL,
    submitted_at       timestamptz,
    filled_at          timestamptz,
    canceled_at        timestamptz,
    expired_at         timestamptz,
    expires_at         timestamptz,
    version            bigint        NOT NULL DEFAULT 0,
    CONSTRAINT orders_client_order_id UNIQUE (user_id, client_order_id),
    CONSTRAINT orders_qty_or_notional CHECK ((qty IS NULL) <> (notional IS NULL))
);
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_open_by_symbol ON orders (symbol, created_at)
    WHERE status IN ('accepted', 'new', 'partially_filled', 'pending_cancel');
CREATE INDEX orders_open_by_user ON orders (user_id, symbol)
    WHERE status IN ('accepted', 'new', 'partially_filled', 'pending_cancel');
CREATE INDEX orders_unsent ON orders (submit_lease_until) WHERE status = 'accepted';

-- The audit trail: every transition and every fill, append-only.
CREATE TABLE order_event (
    id              bigserial     PRIMARY KEY,
    order_id        uuid          NOT NULL REFERENCES orders,
    event           text          NOT NULL,
    previous_status text,
    status          text          NOT NULL,
    execution_id    text,
    qty             numeric(24,9),
    price           numeric(24,9),
    detail          text,
    actor           text          NOT NULL,
    created_at      timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX order_event_by_order ON order_event (order_id, id);

-- Fills, de-duplicated by the broker's execution id.
CREATE TABLE fill (
    order_id     uuid          NOT NULL REFERENCES orders,
    execution_id text          NOT NULL,
    qty          numeric(24,9) NOT NULL,
    price        numeric(24,9) NOT NULL,
    commission   numeric(24,8) NOT NULL,
    filled_at    timestamptz   NOT NULL,
    PRIMARY KEY (order_id, execution_id)
);

CREATE TABLE position (
    user_id         text          NOT NULL REFERENCES account,
    symbol          text          NOT NULL,
    qty             numeric(24,9) NOT NULL,
    avg_entry_price numeric(24,9) NOT NULL,
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, symbol)
);

-- The latest price per symbol, learnt from md.bars.v1 (never from market-data's Redis keys).
CREATE TABLE market_price (
    symbol    text          PRIMARY KEY,
    price     numeric(18,4) NOT NULL,
    timeframe text          NOT NULL,
    bar_start timestamptz   NOT NULL,
    revision  integer       NOT NULL,
    -- when the price was true: the bar's end, or when it was published if that is earlier
    as_of     timestamptz   NOT NULL
);

-- The kill switch, one row shared by every instance.
CREATE TABLE trading_state (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    state      text        NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
    reason     text,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO trading_state (id, state, changed_by) VALUES (1, 'ACTIVE', 'system');

CREATE TABLE trading_state_audit (
    id             bigserial   PRIMARY KEY,
    previous_state text        NOT NULL,
    state          text        NOT NULL,
    reason         text,
    actor          text        NOT NULL,
    request_id     text,
    changed_at     timestamptz NOT NULL DEFAULT now()
);
