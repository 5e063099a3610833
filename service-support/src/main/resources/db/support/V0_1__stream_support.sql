-- Tables of service-support's stream plumbing, in every service's own database
-- (Flyway location db/support, listed before the service's db/migration).

-- Consumers are idempotent on the event id: a row here is written in the same transaction as
-- the handler's effect, so a redelivered event is recognised and acknowledged without effect.
CREATE TABLE processed_event (
    consumer_group text        NOT NULL,
    event_id       uuid        NOT NULL,
    stream         text        NOT NULL,
    processed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, event_id)
);
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);

-- Transactional outbox: events written in the same transaction as the state change they
-- describe, relayed to their Redis stream after commit, in id order, then deleted.
CREATE TABLE outbox_event (
    id         bigserial   PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    stream     text        NOT NULL,
    envelope   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
