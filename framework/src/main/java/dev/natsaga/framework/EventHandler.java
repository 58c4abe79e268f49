package dev.natsaga.framework;

/**
 * Handles one event of a registered type. Returning normally acknowledges the message; throwing
 * schedules a delayed redelivery (exponential backoff with jitter) until the consumer's max
 * deliveries, after which the message goes to the dead-letter stream. Throw
 * {@link NonRetryableException} for a failure that can never succeed: it is dead-lettered at once.
 *
 * <pre>{@code
 * EventHandler<Authorize> authorize = event -> payments.authorize(event.data());
 * }</pre>
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface EventHandler<T> {

  void handle(Event<T> event) throws Exception;
}
