-- Alerts: one row per incident. While an alert is open (firing or acknowledged) its fingerprint
-- is unique, so a repeated "firing" only counts; after it resolves, the same fingerprint firing
-- again is a new incident with a new row.
CREATE TABLE alert (
    id              uuid PRIMARY KEY,
    fingerprint     text        NOT NULL,
    source          text        NOT NULL,
    severity        text        NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
    status          text        NOT NULL CHECK (status IN ('firing', 'acknowledged', 'resolved')),
    summary         text        NOT NULL,
    details         text,
    labels          jsonb       NOT NULL DEFAULT '{}',
    user_id         text,
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    occurrences     integer     NOT NULL DEFAULT 1,
    -- why nobody was notified: 'silence:<id>' or 'inhibited:<fingerprint>'; null = routed
    suppressed_by   text,
    last_notified_at timestamptz,
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz
);
CREATE UNIQUE INDEX alert_open_fingerprint ON alert (fingerprint) WHERE status <> 'resolved';
CREATE INDEX alert_history ON alert (first_seen DESC, id DESC);
CREATE INDEX alert_user ON alert (user_id, first_seen DESC) WHERE user_id IS NOT NULL;
CREATE INDEX alert_resolved_at ON alert (resolved_at) WHERE status = 'resolved';

-- Alertmanager (HA pairs) delivers the same notification more than once: a (group key,
-- fingerprint, status, startsAt) already seen is not taken in again.
CREATE TABLE alertmanager_receipt (
    group_key   text        NOT NULL,
    fingerprint text        NOT NULL,
    status      text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_key, fingerprint, status, starts_at)
);
CREATE INDEX alertmanager_receipt_age ON alertmanager_receipt (received_at);

-- The delivery outbox: written in the transaction that changes the alert, sent by the delivery
-- worker per channel, in order per dedup key, once per (alert, channel, action, round).
CREATE TABLE delivery (
    id              bigserial PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    channel         text        NOT NULL,
    action          text        NOT NULL CHECK (action IN ('trigger', 'acknowledge', 'resolve')),
    dedup_key       text        NOT NULL,
    round           integer     NOT NULL DEFAULT 0,
    recipient       text,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed', 'skipped')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    UNIQUE (alert_id, channel, action, round)
);
CREATE INDEX delivery_due ON delivery (channel, id) WHERE status IN ('pending', 'sending');
CREATE INDEX delivery_key ON delivery (channel, dedup_key, id) WHERE status IN ('pending', 'sending');

-- Time-bound silences (admin API), Alertmanager style: every matcher must hold.
CREATE TABLE silence (
    id         uuid PRIMARY KEY,
    matchers   jsonb       NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);

-- Business notifications a user asked for: order_fills, order_rejections, signals:<SYMBOL>.
CREATE TABLE subscription (
    id         uuid PRIMARY KEY,
    user_id    text        NOT NULL,
    kind       text        NOT NULL,
    email      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, kind)
);
CREATE INDEX subscription_kind ON subscription (kind);

-- Price rules per user, evaluated on md.bars.v1. last_close/last_bar_start are the rule's state:
-- a crossing fires once, and re-arms only after the price has gone back.
CREATE TABLE price_rule (
    id             uuid PRIMARY KEY,
    user_id        text        NOT NULL,
    email          text,
    symbol         text        NOT NULL,
    timeframe      text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('crosses_above', 'crosses_below', 'moves_more_than')),
    price          numeric,
    percent        numeric,
    window_bars    integer,
    last_close     numeric,
    last_bar_start timestamptz,
    triggered      boolean     NOT NULL DEFAULT false,
    fired_count    integer     NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX price_rule_symbol ON price_rule (symbol, timeframe);

-- Recent closes per symbol and timeframe, for "moves more than N% over the last K bars".
CREATE TABLE bar_close (
    symbol    text        NOT NULL,
    timeframe text        NOT NULL,
    start     timestamptz NOT NULL,
    close     numeric     NOT NULL,
    PRIMARY KEY (symbol, timeframe, start)
);

-- inhibition looks up firing alerts by label containment
CREATE INDEX alert_firing_labels ON alert USING gin (labels jsonb_path_ops) WHERE status = 'firing';
