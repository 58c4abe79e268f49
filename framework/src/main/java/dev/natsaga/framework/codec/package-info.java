/**
 * CloudEvents on NATS: the NATS protocol binding 1.0.3 (structured and binary content mode, with the binding's header
 * names and percent-encoding) and the JSON event format, read and written by one codec ({@link
 * dev.natsaga.framework.codec.CloudEventCodec}) that is checked against the CloudEvents SDK's test resources and the
 * specifications' examples. Payloads are turned into event data and bound back to types by {@link
 * dev.natsaga.framework.codec.PayloadCodec}; {@link dev.natsaga.framework.codec.EventFactory} completes an outgoing
 * event (id, source, time, inherited correlation, trace context). Modules that write or read events outside the
 * publisher and the consumers (the event store) use these same classes.
 */
package dev.natsaga.framework.codec;
