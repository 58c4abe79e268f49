-- The orders service's own table, written by the saga's local steps in the saga's transaction.
-- Migrated by OrdersService with its own Flyway location (classpath:db/orders) and history table, beside the
-- saga store's migrations in the same database.
CREATE TABLE customer_order (
  order_id    VARCHAR(64) PRIMARY KEY,
  customer_id VARCHAR(64) NOT NULL,
  amount      BIGINT      NOT NULL,
  status      VARCHAR(16) NOT NULL,
  saga_id     UUID        NOT NULL
);
