package dev.natsaga.eventstore.internal;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Reads an aggregate's messages with batched direct gets (nats-server 2.11+, stream {@code allow_direct}): one request
 * {@code {"seq":S,"next_by_subj":F,"batch":N}} to {@code $JS.API.DIRECT.GET.{stream}} and the server streams up to N
 * matching messages back, ending with a {@code 204 EOB} status (or {@code 404} when nothing matches). No consumer is
 * created, so a load costs one round trip per {@value #BATCH} events.
 */
final class DirectBatchFetch {

  private static final int BATCH = 1000;

  private final Connection connection;
  private final Duration timeout;

  DirectBatchFetch(Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeout = timeout;
  }

  /** Appends to {@code out} the messages on {@code filter} from {@code startSequence} until {@code stop} says so. */
  void fetch(String stream, String filter, long startSequence, List<RawEvent> out, java.util.function.Predicate<RawEvent> stop)
      throws IOException, InterruptedException {
    long next = Math.max(1, startSequence);
    while (true) {
      int before = out.size();
      boolean more = batch(stream, filter, next, out);
      if (out.size() == before) {
        return;
      }
      RawEvent last = out.get(out.size() - 1);
      if (!more || stop.test(last)) {
        return;
      }
      next = last.sequence() + 1;
    }
  }

  /** One batch; returns whether the server may have more (the batch was full). */
  private boolean batch(String stream, String filter, long seq, List<RawEvent> out) throws IOException, InterruptedException {
    String inbox = connection.createInbox();
    Subscription sub = connection.subscribe(inbox);
    try {
      String body = "{\"seq\":" + seq + ",\"next_by_subj\":\"" + filter + "\",\"batch\":" + BATCH + "}";
      connection.publish("$JS.API.DIRECT.GET." + stream, inbox, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      int received = 0;
      while (true) {
        Message m = sub.nextMessage(timeout);
        if (m == null) {
          throw new IOException("no answer from the direct get on stream " + stream + " within " + timeout.toMillis() + " ms");
        }
        if (m.isStatusMessage()) {
          int code = m.getStatus().getCode();
          if (code == 204 || code == 404) {
            return received == BATCH;
          }
          throw new IOException("direct get on stream " + stream + " failed: " + code + " " + m.getStatus().getMessage());
        }
        out.add(new RawEvent(m, Long.parseLong(m.getHeaders().getFirst("Nats-Sequence"))));
        received++;
      }
    } finally {
      sub.unsubscribe();
    }
  }
}
