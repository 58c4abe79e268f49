/**
 * Observability: the names of natsaga's Micrometer metrics and OpenTelemetry span attributes. Pass a
 * {@code MeterRegistry} and an {@code OpenTelemetry} to {@link dev.natsaga.framework.Natsaga.Builder} to switch
 * them on; without them nothing is measured or traced and nothing costs.
 */
package dev.natsaga.framework.observe;
