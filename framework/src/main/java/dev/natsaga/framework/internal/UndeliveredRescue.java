package dev.natsaga.framework.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.dlq.DeadLetterReason;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters the messages of one consumer that the server gave up on before any handler saw them, so
 * they are not lost silently.
 *
 * <p>The framework acknowledges, retries or dead-letters every message it receives, also on its last
 * delivery; a message that reaches {@code max_deliver} without that was never read by the client. That
 * happens with jnats 2.26.2, whose reader thread stops on a header block that breaks the NATS protocol
 * (and with every message in the same pull batch behind it): the connection comes back after the pings
 * go unanswered ({@code NATS_PING_INTERVAL}), the message comes back and stops the reader again, until
 * the server gives up. The server announces that on
 * {@code $JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>}; this listens there (a queue group
 * per consumer, so one instance copies each message), reads the message from the stream with the
 * {@code STREAM.MSG.GET} API as raw JSON (so a header block jnats cannot parse is read anyway: its readable
 * lines are kept, the rest is described in the error) and dead-letters it with reason
 * {@code max-deliveries}. The advisory is a plain NATS message: one sent while the connection is down is
 * missed. It comes one ack wait after the last delivery, so the defaults (ack wait 30 s, a dead reader
 * noticed after two pings of {@code NATS_PING_INTERVAL} 5 s) leave the connection time to come back first.
 */
public final class UndeliveredRescue implements AutoCloseable {

  static final String ADVISORY_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.";
  private static final Logger LOG = LoggerFactory.getLogger(UndeliveredRescue.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Connection connection;
  private final HandlerInfo info;
  private final DeadLetterSender deadLetters;
  private Dispatcher dispatcher;

  public UndeliveredRescue(Connection connection, HandlerInfo info, DeadLetterSender deadLetters) {
    this.connection = connection;
    this.info = info;
    this.deadLetters = deadLetters;
  }

  /** Starts listening for the consumer's max-deliveries advisories. */
  public void start() {
    dispatcher = connection.createDispatcher(this::onAdvisory);
    dispatcher.subscribe(ADVISORY_PREFIX + info.stream() + "." + info.durableName(), info.durableName());
  }

  private void onAdvisory(Message advisory) {
    long sequence = -1;
    try {
      JsonNode a = JSON.readTree(advisory.getData());
      sequence = a.path("stream_seq").asLong(-1);
      rescue(sequence, a.path("deliveries").asLong());
    } catch (Exception e) {
      LOG.error("message {}/{} reached max deliveries in {} unread, and could not be dead-lettered: {}", info.stream(), sequence,
          info.durableName(), e.toString());
    }
  }

  private void rescue(long sequence, long deliveries) throws Exception {
    Message reply = connection.request("$JS.API.STREAM.MSG.GET." + info.stream(), ("{\"seq\":" + sequence + "}").getBytes(US_ASCII), TIMEOUT);
    if (reply == null) {
      throw new IOException("no answer to STREAM.MSG.GET within " + TIMEOUT.toMillis() + " ms");
    }
    JsonNode answer = JSON.readTree(reply.getData());
    if (answer.has("error")) {
      LOG.warn("message {}/{} reached max deliveries in {} unread but is no longer in the stream: {}", info.stream(), sequence,
          info.durableName(), answer.path("error").path("description").asText());
      return;
    }
    JsonNode stored = answer.path("message");
    RawHeaders headers = RawHeaders.read(base64(stored, "hdrs"));
    String subject = stored.path("subject").asText();
    String error = "delivered " + deliveries + " times without reaching a handler: the client could not read it" + headers.problem();
    deadLetters.send(subject, headers.readable(), base64(stored, "data"), new DeadLetterSender.Origin(info.stream(), sequence, deliveries),
        info.durableName(), DeadLetterReason.MAX_DELIVERIES, error);
    LOG.warn("dead-lettered {} from {}/{} for {}: {}", subject, info.stream(), sequence, info.durableName(), error);
  }

  private static byte[] base64(JsonNode node, String field) {
    return node.hasNonNull(field) ? Base64.getDecoder().decode(node.get(field).asText()) : null;
  }

  @Override
  public void close() {
    if (dispatcher != null) {
      connection.closeDispatcher(dispatcher);
      dispatcher = null;
    }
  }

  /** A stored header block read line by line: the lines that are valid NATS headers, and what was not. */
  record RawHeaders(Headers readable, String problem) {

    static RawHeaders read(byte[] block) {
      if (block == null) {
        return new RawHeaders(null, "");
      }
      String[] lines = new String(block, ISO_8859_1).split("\r\n");
      Headers headers = new Headers();
      StringBuilder bad = new StringBuilder();
      if (!lines[0].startsWith("NATS/1.0")) {
        bad.append(" version line '").append(printable(lines[0])).append("';");
      }
      for (int i = 1; i < lines.length; i++) {
        if (!lines[i].isEmpty() && !add(headers, lines[i])) {
          bad.append(" '").append(printable(lines[i])).append("';");
        }
      }
      return new RawHeaders(headers, bad.length() == 0 ? "" : " (header block not valid NATS headers:" + bad + ")");
    }

    private static boolean add(Headers headers, String line) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return false;
      }
      try {
        headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private static String printable(String s) {
      StringBuilder out = new StringBuilder();
      for (char c : s.toCharArray()) {
        out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
      }
      return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
    }
  }
}
