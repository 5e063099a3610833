-- What the probe stream handler does with an event: one row per applied event.
CREATE TABLE probe_effect (
    event_id   uuid        NOT NULL,
    summary    text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
