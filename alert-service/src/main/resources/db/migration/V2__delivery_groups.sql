-- Grouping window (Alertmanager's group_by / group_wait / group_interval) for Slack and email:
-- a trigger delivery carries the key of its group (the group-by labels' values); the worker sends
-- the group's pending triggers as one message. delivery_group remembers when a group was last
-- sent, so later additions wait for group_interval.
ALTER TABLE delivery ADD COLUMN group_key text;
CREATE INDEX delivery_group_pending ON delivery (channel, group_key, id)
    WHERE status = 'pending' AND group_key IS NOT NULL;

CREATE TABLE delivery_group (
    channel      text        NOT NULL,
    group_key    text        NOT NULL,
    recipient    text        NOT NULL DEFAULT '',
    last_sent_at timestamptz NOT NULL,
    PRIMARY KEY (channel, group_key, recipient)
);
CREATE INDEX delivery_group_age ON delivery_group (last_sent_at);
