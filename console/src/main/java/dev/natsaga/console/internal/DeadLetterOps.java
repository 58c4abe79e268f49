package dev.natsaga.console.internal;

import dev.natsaga.framework.dlq.DeadLetter;
import dev.natsaga.framework.dlq.DeadLetters;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The dead-letter stream as the console reads and changes it: the framework's {@link DeadLetters} for listing and
 * replay, JetStream for deleting. Listing scans at most {@value #SCAN} messages from the oldest.
 */
final class DeadLetterOps {

  static final int SCAN = 2_000;

  private final ConsoleContext context;

  DeadLetterOps(ConsoleContext context) {
    this.context = context;
  }

  private DeadLetters dlq() {
    return context.natsaga().deadLetters();
  }

  List<DeadLetter> list(DeadLetterFilter filter, int limit) throws IOException, JetStreamApiException {
    return dlq().list(0, SCAN).stream().filter(filter::matches).limit(limit).toList();
  }

  Optional<DeadLetter> find(long sequence) throws IOException, JetStreamApiException {
    return dlq().list(sequence, 1).stream().filter(d -> d.sequence() == sequence).findFirst();
  }

  /** Replays to the original subject and removes it from the dead-letter stream. */
  void replay(long sequence) throws IOException, JetStreamApiException {
    dlq().replay(sequence, true);
  }

  void delete(long sequence) throws IOException, JetStreamApiException {
    context.natsaga().connection().jetStreamManagement().deleteMessage(context.environment().dlqStreamName(), sequence);
  }

  long count() throws IOException, JetStreamApiException {
    return dlq().count();
  }
}
