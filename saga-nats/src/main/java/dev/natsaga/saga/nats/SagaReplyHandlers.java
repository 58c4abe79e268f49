package dev.natsaga.saga.nats;

import dev.natsaga.framework.BatchOptions;
import dev.natsaga.framework.HandlerRegistration;
import dev.natsaga.framework.config.CircuitBreakerOptions;
import dev.natsaga.framework.config.ConsumerOptions;
import dev.natsaga.saga.SagaDefinition;
import dev.natsaga.saga.SagaEngine;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The framework handlers that feed participants' replies to a {@link SagaEngine}: one per reply type
 * ({@link SagaDefinition#replyTypes()}), named {@code saga-replies-<type with dots as underscores>}, so every
 * instance of the orchestrating service shares one durable consumer per reply type (the queue group) and
 * each reply is handled by one instance.
 *
 * <p>A reply is acknowledged when {@link SagaEngine#handleReply} returns (applied, duplicate, late,
 * unexpected or unknown saga: all recorded or harmless) and redelivered with backoff when it throws (a lost
 * optimistic-lock race or a database failure). A reply without {@code sagaid} or {@code sagastep}, or with
 * one that is not a UUID, can never be correlated and goes to the dead-letter stream at once.
 *
 * <pre>{@code
 * Natsaga natsaga = Natsaga.builder(options)
 *     .handlers(SagaReplyHandlers.forDefinitions(List.of(booking), () -> engine, o -> o))
 *     .build().start();
 * }</pre>
 *
 * {@link SagaOrchestrator#replyHandlers()} does this for an orchestrator.
 */
public final class SagaReplyHandlers {

  /** Prefix of the reply handlers' names (and of their durable consumers after the service name). */
  public static final String NAME_PREFIX = "saga-replies-";

  private SagaReplyHandlers() {
  }

  /** @return the handler name for a reply type, e.g. {@code saga-replies-payment_transaction_authorized_v1} */
  public static String handlerName(String replyType) {
    return NAME_PREFIX + replyType.replace('.', '_');
  }

  /**
   * @param replyType the reply event type
   * @param engine    resolved on the first reply (so a runtime can be built before the saga database is opened)
   * @param options   adjusts the service's consumer defaults for this consumer
   */
  public static HandlerRegistration<CloudEvent> forType(String replyType, Supplier<SagaEngine> engine,
                             UnaryOperator<ConsumerOptions> options) {
    return forType(replyType, engine, options, Optional.empty());
  }

  /**
   * Like {@link #forType(String, Supplier, UnaryOperator)}; with {@code batch} present the replies of a batch are
   * applied in one transaction of the saga store ({@link SagaEngine#handleReplies}), each acknowledged after that
   * commit, a failing one retried alone.
   */
  public static HandlerRegistration<CloudEvent> forType(String replyType, Supplier<SagaEngine> engine,
                             UnaryOperator<ConsumerOptions> options, Optional<BatchOptions> batch) {
    return forType(replyType, engine, options, batch, Optional.empty());
  }

  /**
   * Like {@link #forType(String, Supplier, UnaryOperator, Optional)}, with a circuit breaker when {@code breaker} is
   * present: while the saga store fails, the consumer stops pulling instead of using up the replies' deliveries.
   */
  public static HandlerRegistration<CloudEvent> forType(String replyType, Supplier<SagaEngine> engine,
                             UnaryOperator<ConsumerOptions> options, Optional<BatchOptions> batch,
                             Optional<CircuitBreakerOptions> breaker) {
    Objects.requireNonNull(engine, "engine");
    HandlerRegistration.Builder<CloudEvent> b = batch.isPresent()
        ? HandlerRegistration.onEventBatch(replyType, CloudEvent.class, new BatchReplyHandler(engine))
            .batch(batch.get().maxBatch(), batch.get().maxWait())
        : HandlerRegistration.onEvent(replyType, CloudEvent.class, new ReplyHandler(engine));
    b.name(handlerName(replyType)).options(Objects.requireNonNull(options, "options"));
    breaker.ifPresent(b::circuitBreaker);
    return b.build();
  }

  /** @return one registration per distinct reply type of {@code definitions}, sorted by type */
  public static List<HandlerRegistration<?>> forDefinitions(Collection<? extends SagaDefinition<?>> definitions,
                              Supplier<SagaEngine> engine, UnaryOperator<ConsumerOptions> options) {
    return forDefinitions(definitions, engine, options, Optional.empty());
  }

  /** Like {@link #forDefinitions(Collection, Supplier, UnaryOperator)}, batched when {@code batch} is present. */
  public static List<HandlerRegistration<?>> forDefinitions(Collection<? extends SagaDefinition<?>> definitions,
                              Supplier<SagaEngine> engine, UnaryOperator<ConsumerOptions> options, Optional<BatchOptions> batch) {
    return forDefinitions(definitions, engine, options, batch, Optional.empty());
  }

  /** Like {@link #forDefinitions(Collection, Supplier, UnaryOperator, Optional)}, each with {@code breaker} if present. */
  public static List<HandlerRegistration<?>> forDefinitions(Collection<? extends SagaDefinition<?>> definitions,
                              Supplier<SagaEngine> engine, UnaryOperator<ConsumerOptions> options, Optional<BatchOptions> batch,
                              Optional<CircuitBreakerOptions> breaker) {
    List<HandlerRegistration<?>> registrations = new ArrayList<>();
    for (String type : replyTypes(definitions)) {
      registrations.add(forType(type, engine, options, batch, breaker));
    }
    return registrations;
  }

  /** @return the distinct reply types of {@code definitions}, sorted */
  public static SortedSet<String> replyTypes(Collection<? extends SagaDefinition<?>> definitions) {
    TreeSet<String> types = new TreeSet<>();
    definitions.forEach(d -> types.addAll(d.replyTypes()));
    return types;
  }
}
