package dev.natsaga.console.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams of one environment ({@code {ENV}_*}) with their consumers, as JetStream reports them. Shared by the
 * streams page and the command line.
 */
public final class StreamStats {

  /**
   * A consumer's figures.
   *
   * @param name        durable name
   * @param pending     messages not yet delivered (the lag)
   * @param ackPending  delivered, not yet acknowledged
   * @param redelivered delivered more than once and still unacknowledged
   * @param waiting     pull requests waiting
   * @param delivered   the last stream sequence delivered
   */
  public record Consumer(String name, long pending, long ackPending, long redelivered, long waiting, long delivered) {
  }

  /**
   * A stream's figures.
   *
   * @param name      stream name
   * @param subjects  the subjects it captures
   * @param messages  messages stored
   * @param bytes     bytes stored
   * @param firstSeq  first sequence
   * @param lastSeq   last sequence (the total ever stored: its growth is the throughput)
   * @param consumers its consumers
   */
  public record Stream(String name, List<String> subjects, long messages, long bytes, long firstSeq, long lastSeq,
                       List<Consumer> consumers) {
  }

  private StreamStats() {
  }

  /** @return the prefix of every stream name of {@code environment}, e.g. {@code DEV_} */
  public static String prefix(dev.natsaga.framework.Environment environment) {
    String probe = environment.streamName("x");
    return probe.substring(0, probe.length() - 1);
  }

  /** @param prefix the environment's stream prefix, e.g. {@code DEV_} */
  public static List<Stream> of(JetStreamManagement jsm, String prefix) throws IOException, JetStreamApiException {
    List<Stream> out = new ArrayList<>();
    for (String name : jsm.getStreamNames().stream().filter(n -> n.startsWith(prefix)).sorted().toList()) {
      StreamInfo info = jsm.getStreamInfo(name);
      List<Consumer> consumers = new ArrayList<>();
      for (ConsumerInfo c : jsm.getConsumers(name)) {
        consumers.add(new Consumer(c.getName(), c.getNumPending(), c.getNumAckPending(), c.getRedelivered(),
            c.getNumWaiting(), c.getDelivered().getStreamSequence()));
      }
      out.add(new Stream(name, info.getConfiguration().getSubjects(), info.getStreamState().getMsgCount(),
          info.getStreamState().getByteCount(), info.getStreamState().getFirstSequence(),
          info.getStreamState().getLastSequence(), consumers));
    }
    return out;
  }
}
