package dev.natsaga.saga.guice;

import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.nats.SagaOrchestratorOptions;
import dev.natsaga.saga.nats.SagaReplyHandlers;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One reply consumer per type for the injector, and the record of which types have one. */
final class ReplyHandlerCache {

  private final Provider<SagaEngine> engine;
  private final SagaOrchestratorOptions options;
  private final Map<String, HandlerRegistration<?>> registrations = new TreeMap<>();

  @Inject
  ReplyHandlerCache(Provider<SagaEngine> engine, SagaOrchestratorOptions options) {
    this.engine = engine;
    this.options = options;
  }

  synchronized HandlerRegistration<?> get(String type) {
    return registrations.computeIfAbsent(type, t -> SagaReplyHandlers.forType(t, engine::get, options::replyConsumer, options.replyBatch(),
        options.replyCircuitBreaker()));
  }

  synchronized Set<String> types() {
    return new TreeSet<>(registrations.keySet());
  }
}
