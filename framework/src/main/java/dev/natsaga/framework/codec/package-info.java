/** The CloudEvents NATS protocol binding: one codec for structured and binary mode, with the binding's percent-encoding. */
package dev.natsaga.framework.codec;
