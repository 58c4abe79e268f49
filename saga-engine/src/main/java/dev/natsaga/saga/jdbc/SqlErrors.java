package dev.natsaga.saga.jdbc;

import dev.natsaga.saga.store.SagaConcurrencyException;
import dev.natsaga.saga.store.SagaStoreException;
import java.sql.SQLException;
import java.util.Set;

/** Turns {@link SQLException}s into the store's exceptions, recognizing H2's and PostgreSQL's codes. */
final class SqlErrors {

  /** Unique constraint violated (both databases). */
  static final String UNIQUE_VIOLATION = "23505";

  /** Serialization failure, deadlock (PG), H2 concurrent update, H2 lock timeout. */
  private static final Set<String> CONFLICTS = Set.of("40001", "40P01", "90131", "HYT00");

  private SqlErrors() {
  }

  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  static SagaStoreException translate(SQLException e, String operation) {
    String state = e.getSQLState();
    if (state != null && CONFLICTS.contains(state)) {
      return new SagaConcurrencyException(operation + ": write conflict with another transaction (" + state + ")", e);
    }
    return new SagaStoreException(operation + " failed: " + e.getMessage() + " (SQLState " + state + ")", e);
  }
}
