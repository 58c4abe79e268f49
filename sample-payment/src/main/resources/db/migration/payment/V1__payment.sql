-- The payment sample's own table: one payment per booking. Portable SQL (H2 2.x and PostgreSQL 12+).
-- Flyway history table: payment_schema_history (the participant's command table has its own).
CREATE TABLE payment (
    booking_id  VARCHAR(200)             NOT NULL,
    payment_id  VARCHAR(36)              NOT NULL,
    status      VARCHAR(16)              NOT NULL,
    amount      BIGINT                   NOT NULL,
    currency    VARCHAR(3)               NOT NULL,
    reason      VARCHAR(1000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_payment PRIMARY KEY (booking_id),
    CONSTRAINT uq_payment_id UNIQUE (payment_id),
    CONSTRAINT ck_payment_status CHECK (status IN ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'DECLINED')),
    CONSTRAINT ck_payment_amount CHECK (amount >= 0)
);
