/** At-most-once handling per event id and consumer, backed by a JetStream KeyValue bucket with a TTL. */
package dev.natsaga.framework.idempotency;
