-- The booking sample's own tables, in the same database as the saga store (so a local saga step's writes commit
-- with the saga's state). Portable SQL (H2 2.x and PostgreSQL 12+). Flyway history table: booking_schema_history.

-- One row per booking request. status is the business state written by the saga's local steps (PENDING, CONFIRMED)
-- and by the outcome when the saga finishes (CONFIRMED or CANCELLED, with settled_at and, when cancelled, reason).
CREATE TABLE booking (
    booking_id  VARCHAR(36)              NOT NULL,
    saga_id     UUID,
    customer_id VARCHAR(200)             NOT NULL,
    service_id  VARCHAR(200)             NOT NULL,
    slot_id     VARCHAR(200)             NOT NULL,
    start_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    amount      BIGINT                   NOT NULL,
    currency    VARCHAR(3)               NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    reason      VARCHAR(2000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    settled_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_booking PRIMARY KEY (booking_id),
    CONSTRAINT ck_booking_status CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
    CONSTRAINT ck_booking_amount CHECK (amount > 0),
    CONSTRAINT ck_booking_times CHECK (end_time > start_time)
);
-- the sweep for bookings whose outcome is not settled yet
CREATE INDEX ix_booking_unsettled ON booking (settled_at, created_at);

-- The lock row of a slot: present while a live (pending or confirmed) booking holds it. The primary key is what
-- makes two bookings of one slot impossible, also when they race.
CREATE TABLE slot_hold (
    slot_id    VARCHAR(200)             NOT NULL,
    booking_id VARCHAR(36)              NOT NULL,
    held_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_slot_hold PRIMARY KEY (slot_id)
);

-- Events (and the safety void command) written in the same transaction as the booking's outcome; a relay publishes
-- them with Nats-Msg-Id = id and marks them.
CREATE TABLE booking_outbox (
    id              UUID                     NOT NULL,
    message_type    VARCHAR(200)             NOT NULL,
    subject         VARCHAR(200),
    payload_json    TEXT                     NOT NULL,
    extensions_json TEXT                     NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_booking_outbox PRIMARY KEY (id)
);
CREATE INDEX ix_booking_outbox_unpublished ON booking_outbox (published_at, created_at);
