/**
 * Health: named components (NATS, JetStream, each consumer, and whatever the application adds, such as its
 * database and outbox), each with details, aggregated into a readiness and a liveness report.
 */
package dev.natsaga.framework.health;
