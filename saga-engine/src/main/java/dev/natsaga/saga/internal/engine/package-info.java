/**
 * The saga state machine over a {@link dev.natsaga.saga.store.SagaStore}. {@code StoreSagaEngine} opens one
 * transaction per call and hands a {@code SagaRun} (the mutable working copy of one instance) to the
 * handler for the event: {@code Starter}, {@code Replies}, {@code Deadlines}, {@code Resumption}; they move it
 * with {@code Forward} (steps in order) and {@code Compensation} (completed steps in reverse order).
 *
 * <p>Command ids: a step phase (execute or compensate) gets one command id, kept across timeout retries
 * so a participant that already did the work answers with its stored reply; every send is a new outbox
 * message id (the event id and {@code Nats-Msg-Id}), so the stream's duplicate window never swallows a
 * retry. A compensation answered with a failure, and an operator resume, get a new command id.
 */
package dev.natsaga.saga.internal.engine;
