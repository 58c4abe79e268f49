package dev.natsaga.framework;

/**
 * The stream's acknowledgement of a publish.
 *
 * @param eventId the event id (the {@code Nats-Msg-Id} is derived from it and the source)
 * @param natsSubject the subject it was published on
 * @param stream the stream that stored it
 * @param sequence its stream sequence
 * @param duplicate true when the stream had already stored this event (same source and id) within its duplicate window
 */
public record PublishResult(String eventId, String natsSubject, String stream, long sequence, boolean duplicate) {
}
