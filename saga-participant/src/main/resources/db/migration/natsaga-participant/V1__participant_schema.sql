-- natsaga saga participant schema, version 1: lives in the participant's own database.
-- Portable SQL: runs unchanged on H2 2.x (default mode) and PostgreSQL 12+.

-- One row per saga command a participant handled, written in the same transaction as the handler's side
-- effects. A repeated command (same command id) finds its row and gets the stored reply again.
CREATE TABLE saga_participant_command (
    participant  VARCHAR(200)             NOT NULL,
    command_id   VARCHAR(200)             NOT NULL,
    command_type VARCHAR(200)             NOT NULL,
    saga_id      VARCHAR(64)              NOT NULL,
    step_name    VARCHAR(200)             NOT NULL,
    outcome      VARCHAR(16),
    reply_type   VARCHAR(200),
    reply_json   TEXT,
    processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_saga_participant_command PRIMARY KEY (participant, command_id)
);

-- purge of old rows: processed_at < ?
CREATE INDEX ix_saga_participant_command_time ON saga_participant_command (processed_at);
