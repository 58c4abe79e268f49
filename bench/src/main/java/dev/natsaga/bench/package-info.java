/**
 * The benchmark: the framework against raw jnats on the same nats-server in one run (publish, consume, end-to-end
 * latency, memory), each side measured in alternating slices so machine load hits both; {@code bench/run.sh} runs it.
 */
package dev.natsaga.bench;
