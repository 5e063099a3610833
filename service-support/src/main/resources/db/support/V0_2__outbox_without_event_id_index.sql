-- Event ids are fresh UUIDs written once each; the unique index on them guarded nothing a
-- caller can get wrong and doubled the cost of writing outbox rows (market-data writes one per
-- ingested bar). Consumers de-duplicate on the event id anyway.
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_event_id_key;
