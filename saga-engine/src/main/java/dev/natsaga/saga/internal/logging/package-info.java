/**
 * Logging support of the engine and the NATS layer: the saga id as the MDC correlation id ({@link
 * dev.natsaga.saga.internal.logging.SagaMdc}) and one WARN per outage instead of one per round ({@link
 * dev.natsaga.saga.internal.logging.FailureStreak}). Not API.
 */
package dev.natsaga.saga.internal.logging;
