-- natsaga saga engine schema, version 2: saga commands go through the service's transactional outbox
-- (natsaga_outbox, created by the outbox's own migrations, which JdbcSagaStore.migrate runs first), so the engine's
-- own saga_outbox goes. Commands not yet published at the upgrade move over with the same id (= Nats-Msg-Id), type,
-- subject, headers (sagaid, sagastep, commandid, correlationid) and payload, so the new relay publishes them.
INSERT INTO natsaga_outbox (id, event_type, subject, content_mode, extensions_json, payload_json, event_time, created_at)
SELECT id, message_type, subject, NULL, headers_json, payload_json, created_at, created_at
FROM saga_outbox WHERE published_at IS NULL;

DROP TABLE saga_outbox;

-- The engine's second processed-command table was never used: participants record handled commands in their own
-- database (saga_participant_command, the participant module's migration).
DROP TABLE saga_processed_command;
