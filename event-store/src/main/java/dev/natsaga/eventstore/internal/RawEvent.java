package dev.natsaga.eventstore.internal;

import io.nats.client.Message;

/** A stored message as read back: the message (headers and data as published) and its stream sequence. */
record RawEvent(Message message, long sequence) {
}
