package dev.natsaga.framework.dlq;

import dev.natsaga.framework.Environment;
import dev.natsaga.framework.codec.CloudEventCodec;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists dead letters of an environment and replays them to their original subject.
 *
 * <p>A replay publishes the original payload and headers with a new {@code Nats-Msg-Id} (the original
 * one would be dropped inside the stream's duplicate window) and the header
 * {@code Natsaga-Replayed-From}; the event id inside is unchanged. Every consumer of the original
 * subject receives the replay; consumers that already handled the event should be idempotent.
 *
 * <pre>{@code
 * DeadLetters dlq = natsaga.deadLetters();
 * for (DeadLetter d : dlq.list(0, 100)) log.info("{} {}", d.reason(), d.error());
 * dlq.replayAll();
 * }</pre>
 */
public final class DeadLetters {

  private static final int NO_MESSAGE = 10037;
  private final Connection connection;
  private final Environment environment;

  public DeadLetters(Connection connection, Environment environment) {
    this.connection = connection;
    this.environment = environment;
  }

  /** Up to {@code limit} dead letters from stream sequence {@code fromSequence} on (0 = the first). */
  public List<DeadLetter> list(long fromSequence, int limit) throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    StreamInfo info = jsm.getStreamInfo(environment.dlqStreamName());
    // sequences start at 1; an empty stream reports first = last = 0 (asking for message 0 is a bad request)
    long first = Math.max(Math.max(1, fromSequence), info.getStreamState().getFirstSequence());
    long last = info.getStreamState().getLastSequence();
    List<DeadLetter> result = new ArrayList<>();
    for (long seq = first; seq <= last && result.size() < limit; seq++) {
      MessageInfo mi = get(jsm, seq);
      if (mi != null) {
        result.add(toDeadLetter(mi));
      }
    }
    return result;
  }

  /** How many dead letters the stream holds. */
  public long count() throws IOException, JetStreamApiException {
    return connection.jetStreamManagement().getStreamInfo(environment.dlqStreamName()).getStreamState().getMsgCount();
  }

  /**
   * Replays one dead letter to its original subject; it stays in the dead-letter stream unless {@code remove}.
   *
   * @throws IllegalStateException when the dead letter was cut to fit ({@link DeadLetterHeaders#TRUNCATED}): replay
   *                               the original from its stream instead
   */
  public PublishAck replay(long sequence, boolean remove) throws IOException, JetStreamApiException {
    JetStreamManagement jsm = connection.jetStreamManagement();
    MessageInfo mi = jsm.getMessage(environment.dlqStreamName(), sequence);
    DeadLetter d = toDeadLetter(mi);
    String truncated = d.headers().getFirst(DeadLetterHeaders.TRUNCATED);
    if (truncated != null) {
      throw new IllegalStateException("dead letter " + sequence + " was cut to fit the dead-letter stream (" + truncated
          + "); the whole original is " + d.originalStream() + " sequence " + d.originalSequence() + " until it ages out");
    }
    Headers headers = originalHeaders(d.headers());
    headers.put(CloudEventCodec.MSG_ID_HEADER, "replay:" + environment.dlqStreamName() + ":" + sequence);
    headers.put(DeadLetterHeaders.REPLAYED_FROM, Long.toString(sequence));
    PublishAck ack = connection.jetStream().publish(NatsMessage.builder()
        .subject(d.originalSubject()).headers(headers).data(d.payload()).build());
    if (remove) {
      jsm.deleteMessage(environment.dlqStreamName(), sequence);
    }
    return ack;
  }

  /** Replays every dead letter and removes each from the dead-letter stream (cut ones stay); returns how many. */
  public int replayAll() throws IOException, JetStreamApiException {
    int n = 0;
    for (DeadLetter d : list(0, Integer.MAX_VALUE)) {
      if (d.headers().getFirst(DeadLetterHeaders.TRUNCATED) == null) {
        replay(d.sequence(), true);
        n++;
      }
    }
    return n;
  }

  private MessageInfo get(JetStreamManagement jsm, long seq) throws IOException, JetStreamApiException {
    try {
      return jsm.getMessage(environment.dlqStreamName(), seq);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE) {
        return null;
      }
      throw e;
    }
  }

  static DeadLetter toDeadLetter(MessageInfo mi) {
    Headers h = mi.getHeaders() == null ? new Headers() : mi.getHeaders();
    return new DeadLetter(mi.getSeq(), DeadLetterReason.fromHeader(value(h, DeadLetterHeaders.REASON, "invalid-cloudevent")),
        value(h, DeadLetterHeaders.ERROR, ""), value(h, DeadLetterHeaders.CONSUMER, ""),
        Long.parseLong(value(h, DeadLetterHeaders.DELIVERY_COUNT, "0")), value(h, DeadLetterHeaders.ORIGINAL_SUBJECT, mi.getSubject()),
        value(h, DeadLetterHeaders.ORIGINAL_STREAM, ""), Long.parseLong(value(h, DeadLetterHeaders.ORIGINAL_SEQUENCE, "0")),
        Instant.parse(value(h, DeadLetterHeaders.TIME, Instant.EPOCH.toString())), h, mi.getData());
  }

  private static Headers originalHeaders(Headers stored) {
    Headers headers = new Headers();
    for (String key : stored.keySet()) {
      if (!key.startsWith("Natsaga-Dlq-") && !key.equals(CloudEventCodec.MSG_ID_HEADER)) {
        headers.put(key, stored.get(key));
      }
    }
    return headers;
  }

  private static String value(Headers h, String key, String fallback) {
    String v = h.getFirst(key);
    return v == null ? fallback : v;
  }
}
