package dev.natsaga.eventstore;

/** Receives replayed events in stream order. */
@FunctionalInterface
public interface ReplayHandler {

  void handle(StoredEvent event) throws Exception;
}
