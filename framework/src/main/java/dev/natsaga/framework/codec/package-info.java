/**
 * CloudEvents on NATS: the NATS protocol binding 1.0.3 (structured and binary content mode, with the binding's header
 * names and percent-encoding) and the JSON event format, read and written by one codec ({@link
 * dev.natsaga.framework.codec.CloudEventCodec}) that is checked against the CloudEvents SDK's test resources and the
 * specifications' examples.
 */
package dev.natsaga.framework.codec;
