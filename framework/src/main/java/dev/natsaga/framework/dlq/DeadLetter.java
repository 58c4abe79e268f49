package dev.natsaga.framework.dlq;

import io.nats.client.impl.Headers;
import java.time.Instant;

/**
 * A message in the dead-letter stream: the original headers and payload, and why it is there.
 *
 * @param sequence its sequence in the dead-letter stream
 * @param reason why it was dead-lettered
 * @param error the error text
 * @param consumer the durable consumer that gave up on it
 * @param deliveryCount how many times it was delivered
 * @param originalSubject the subject it was published on (replay target)
 * @param originalStream the stream it came from
 * @param originalSequence its sequence in that stream
 * @param time when it was dead-lettered
 * @param headers all headers as stored
 * @param payload the original payload
 */
public record DeadLetter(long sequence, DeadLetterReason reason, String error, String consumer, long deliveryCount,
    String originalSubject, String originalStream, long originalSequence, Instant time, Headers headers, byte[] payload) {
}
