/**
 * The saga engine over NATS JetStream through the natsaga framework: {@link dev.natsaga.saga.nats.SagaOrchestrator}
 * (reply consumers, the relay of the transactional outbox that publishes commands with {@code Nats-Msg-Id} derived from the message
 * id, deadline scanner) and {@link dev.natsaga.saga.nats.SagaReplyHandlers} (one durable queue-group consumer per
 * reply type).
 *
 * <pre>{@code
 * SagaOrchestrator orchestrator = SagaOrchestrator.builder().store(store).definitions(booking).build();
 * Natsaga natsaga = Natsaga.builder(options).handlers(orchestrator.replyHandlers()).build().start();
 * orchestrator.start(natsaga);
 * }</pre>
 */
package dev.natsaga.saga.nats;
