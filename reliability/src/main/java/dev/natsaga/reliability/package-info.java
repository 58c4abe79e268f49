/**
 * Reliability runs over the two sample services running as real processes: a fault run (kill -9 of the services,
 * nats-server restarts, node loss in a cluster, database faults, while bookings flow) and a fuzz run (hostile
 * messages to every consumed subject, replayed ids, bad HTTP input). Each prints its parameters, figures and
 * invariants with counts, and {@code violations: N} last. Entry point: {@link dev.natsaga.reliability.ReliabilityMain}.
 */
package dev.natsaga.reliability;
