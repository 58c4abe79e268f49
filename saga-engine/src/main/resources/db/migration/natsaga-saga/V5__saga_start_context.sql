-- natsaga saga engine schema, version 5: the context a saga was started with, kept for the work it does later.
-- auth_type / auth_id: who started the saga (the CloudEvents authcontext extension: authtype, authid; never a secret).
-- The engine sets them on every command, compensation, retry and outcome event of the saga, also after a restart.
-- Null for sagas started before this version or without an actor.
ALTER TABLE saga_instance ADD COLUMN auth_type VARCHAR(32);
ALTER TABLE saga_instance ADD COLUMN auth_id VARCHAR(200);

-- trace_parent / trace_state: the W3C trace context (traceparent, tracestate) of the saga's start span. Work the engine
-- does without an incoming message (deadline expiries, retries after a timeout, resumes after a restart, operator
-- actions) continues this trace as a child of it. Null when tracing was off at the start. A traceparent is 55
-- characters (version 00); a longer tracestate than 512 characters is not kept.
ALTER TABLE saga_instance ADD COLUMN trace_parent VARCHAR(128);
ALTER TABLE saga_instance ADD COLUMN trace_state VARCHAR(512);
