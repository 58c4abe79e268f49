-- booking schema, version 2: the booking's events go through natsaga's transactional outbox (natsaga_outbox, created by
-- the outbox migrations that the saga store runs before these), written by the saga's outcome hooks in the saga's final
-- transaction. Events not yet published at the upgrade move over with the same id (= Nats-Msg-Id), so they go out once.
INSERT INTO natsaga_outbox (id, event_type, subject, content_mode, extensions_json, payload_json, event_time, created_at)
SELECT id, message_type, subject, NULL, extensions_json, payload_json, created_at, created_at
FROM booking_outbox WHERE published_at IS NULL;

DROP TABLE booking_outbox;
