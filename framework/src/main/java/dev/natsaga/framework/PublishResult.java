package dev.natsaga.framework;

/**
 * The stream's acknowledgement of a publish.
 *
 * @param eventId the event id (also the {@code Nats-Msg-Id})
 * @param natsSubject the subject it was published on
 * @param stream the stream that stored it
 * @param sequence its stream sequence
 * @param duplicate true when the stream had already stored this id within its duplicate window
 */
public record PublishResult(String eventId, String natsSubject, String stream, long sequence, boolean duplicate) {
}
