-- The operations console's saga list (SagaSearch): newest first, keyset-paged, optionally filtered by status or type,
-- and searched by caller key, over millions of rows. Each index matches one ORDER BY created_at DESC, id DESC walk, so
-- a page reads its rows off the index and stops (no sort, no scan of older rows); SagaSearch orders by the equality
-- columns first (saga_type, status), so that H2 sees the index order too. Portable: H2 2.x and PostgreSQL.
CREATE INDEX ix_saga_instance_created ON saga_instance (created_at DESC, id DESC);
CREATE INDEX ix_saga_instance_status_created ON saga_instance (status, created_at DESC, id DESC);
CREATE INDEX ix_saga_instance_type_created ON saga_instance (saga_type, created_at DESC, id DESC);
-- the list by type and status (V1's ascending index, which the store's own list also uses, now walks newest first)
DROP INDEX ix_saga_instance_type_status;
CREATE INDEX ix_saga_instance_type_status ON saga_instance (saga_type, status, created_at DESC, id DESC);
-- search by caller key without the saga type (uq_saga_instance_caller_key leads with saga_type)
CREATE INDEX ix_saga_instance_caller_key ON saga_instance (caller_key);
