-- The payments service's own table, written by its command handlers in the participant's transaction.
CREATE TABLE payment (
  payment_id VARCHAR(64) PRIMARY KEY,
  order_id   VARCHAR(64) NOT NULL,
  amount     BIGINT      NOT NULL,
  status     VARCHAR(16) NOT NULL
);
