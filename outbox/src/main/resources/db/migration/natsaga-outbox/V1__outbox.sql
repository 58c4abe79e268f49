-- natsaga transactional outbox, version 1: lives in the service's own database, written in the service's
-- transactions and read by the relay. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.

-- One row per event to publish. id is the event id and the Nats-Msg-Id, so a re-publish after a crash between
-- publish and mark is dropped by the stream's duplicate window.
CREATE TABLE natsaga_outbox (
    id              UUID                     NOT NULL,
    event_type      VARCHAR(200)             NOT NULL,
    subject         VARCHAR(500),
    content_mode    VARCHAR(16),
    extensions_json TEXT                     NOT NULL,
    payload_json    TEXT,
    event_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_natsaga_outbox PRIMARY KEY (id)
);

-- relay scan: published_at IS NULL ORDER BY created_at; backlog; purge: published_at < ?
CREATE INDEX ix_natsaga_outbox_unpublished ON natsaga_outbox (published_at, created_at);
