package dev.natsaga.console.internal;

import dev.natsaga.console.ConsoleUsers;
import dev.natsaga.framework.Environment;
import dev.natsaga.framework.Natsaga;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaQueries;
import dev.natsaga.saga.jdbc.JdbcSagaStore;
import dev.natsaga.saga.jdbc.SagaSearch;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the pages work with.
 *
 * @param natsaga       the runtime (connection, environment, publisher, dead letters)
 * @param engine        the saga engine, null when standalone (no saga actions)
 * @param dataSource    the saga database
 * @param meterRegistry the service's meters, null when none
 * @param users         who may sign in
 * @param maskedFields  lower-case field names masked in payloads and states
 * @param queries       saga look-ups: the engine, or a query-only one when standalone
 */
public record ConsoleContext(Natsaga natsaga, SagaEngine engine, DataSource dataSource, MeterRegistry meterRegistry,
                             ConsoleUsers users, Set<String> maskedFields, SagaQueries queries) {

  /** @param engine null when standalone: look-ups then go through a query-only engine over {@code dataSource} */
  public ConsoleContext(Natsaga natsaga, SagaEngine engine, DataSource dataSource, MeterRegistry meterRegistry,
                        ConsoleUsers users, Set<String> maskedFields) {
    this(natsaga, engine, dataSource, meterRegistry, users, maskedFields, engine != null ? engine
        : SagaEngine.builder().store(JdbcSagaStore.create(dataSource)).build());
  }

  Environment environment() {
    return natsaga.options().environment();
  }

  SagaSearch search() {
    return new SagaSearch(dataSource);
  }
}
