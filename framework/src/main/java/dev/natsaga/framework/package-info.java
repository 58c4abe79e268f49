/**
 * natsaga's public API: typed CloudEvents on NATS JetStream. {@link dev.natsaga.framework.Natsaga} is the
 * runtime; {@link dev.natsaga.framework.EventPublisher} publishes, {@link dev.natsaga.framework.HandlerRegistration}
 * registers handlers; {@link dev.natsaga.framework.EventType} and {@link dev.natsaga.framework.Environment} own the
 * naming rules of types, subjects and streams.
 */
package dev.natsaga.framework;
