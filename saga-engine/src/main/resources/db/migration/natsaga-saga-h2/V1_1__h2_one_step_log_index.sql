-- H2 only (JdbcSagaStore adds this location for H2): H2 gives every foreign key an index of its own, so V1 left
-- saga_step_log with two indexes on saga_id, fk_saga_step_log_saga's and ix_saga_step_log_saga (saga_id, id), and every
-- step-log insert maintained both. The foreign key's index serves the same look-ups (an H2 secondary index ends with the
-- row key, here id), so the explicit one goes. PostgreSQL does not index foreign keys and keeps ix_saga_step_log_saga.
DROP INDEX ix_saga_step_log_saga;
