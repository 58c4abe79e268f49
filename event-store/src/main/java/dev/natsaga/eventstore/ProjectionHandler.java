package dev.natsaga.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Applies one event to a read model inside the projector's transaction: use {@code tx} for every change, do not
 * commit or roll back; the projector commits the change together with its checkpoint.
 */
@FunctionalInterface
public interface ProjectionHandler {

  void apply(StoredEvent event, Connection tx) throws SQLException;
}
