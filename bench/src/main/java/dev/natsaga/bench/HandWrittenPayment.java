package dev.natsaga.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-written saga's payment participant (see {@link HandWrittenSaga}): for each command, one transaction claims
 * its id in {@code hw_processed_command} (the primary key), applies the payment and stores the reply; after the commit
 * the reply is published (its {@code Nats-Msg-Id} derived from the command id) and the command acked. A command seen
 * before gets its stored reply again.
 */
final class HandWrittenPayment implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HandWrittenPayment.class);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROCESSED = "SELECT reply_subject, reply FROM hw_processed_command WHERE command_id = ?";
  private static final String CLAIM = "INSERT INTO hw_processed_command (command_id, reply_subject, reply, processed_at) VALUES (?, ?, ?, ?)";
  private static final String AUTHORIZE = "INSERT INTO hw_payment (booking_id, payment_id, status, amount, currency, updated_at)"
      + " VALUES (?, ?, 'AUTHORIZED', ?, ?, ?)";
  private static final String CAPTURE = "UPDATE hw_payment SET status = 'CAPTURED', updated_at = ? WHERE booking_id = ? AND status = 'AUTHORIZED'";

  private final String env;
  private final DataSource db;
  private final JetStream js;
  private final AutoCloseable commands;

  private record Reply(String subject, String payload) {
  }

  HandWrittenPayment(String env, DataSource db, io.nats.client.Connection nats) throws Exception {
    this.env = env;
    this.db = db;
    this.js = nats.jetStream();
    this.commands = HandWrittenSaga.consume(nats, env, "hw_payment", HandWrittenSaga.subject(env, "payment.>"), this::command);
  }

  private void command(Message m) {
    try {
      JsonNode command = JSON.readTree(m.getData());
      Reply reply = process(command);
      Headers h = new Headers().add("Nats-Msg-Id", "hw-reply-" + command.get("commandId").asText());
      js.publish(NatsMessage.builder().subject(reply.subject()).headers(h).data(reply.payload().getBytes(StandardCharsets.UTF_8)).build());
      m.ack();
    } catch (Exception e) {
      LOG.warn("command failed, redelivered later: {}", e.toString());
      m.nak();
    }
  }

  /** The stored reply of a command seen before, or the command applied and its reply stored, in one transaction. */
  private Reply process(JsonNode command) throws SQLException, IOException {
    String commandId = command.get("commandId").asText();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        Reply reply = stored(c, commandId);
        if (reply == null) {
          reply = apply(c, command);
          try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, commandId);
            ps.setString(2, reply.subject());
            ps.setString(3, reply.payload());
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
          }
        }
        c.commit();
        return reply;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Reply stored(Connection c, String commandId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(PROCESSED)) {
      ps.setString(1, commandId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Reply(rs.getString(1), rs.getString(2)) : null;
      }
    }
  }

  private Reply apply(Connection c, JsonNode command) throws SQLException, IOException {
    String bookingId = command.get("bookingId").asText();
    boolean authorize = command.get("kind").asText().equals("authorize");
    String paymentId = authorize ? UUID.randomUUID().toString() : command.get("paymentId").asText();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (PreparedStatement ps = c.prepareStatement(authorize ? AUTHORIZE : CAPTURE)) {
      if (authorize) {
        ps.setString(1, bookingId);
        ps.setString(2, paymentId);
        ps.setLong(3, command.get("amount").asLong());
        ps.setString(4, command.get("currency").asText());
        ps.setObject(5, now);
      } else {
        ps.setObject(1, now);
        ps.setString(2, bookingId);
      }
      ps.executeUpdate();
    }
    ObjectNode reply = JSON.createObjectNode().put("bookingId", bookingId).put("paymentId", paymentId)
        .put("type", authorize ? "authorized" : "captured");
    return new Reply(HandWrittenSaga.subject(env, "booking.reply." + (authorize ? "authorized" : "captured")), reply.toString());
  }

  @Override
  public void close() throws Exception {
    commands.close();
  }
}
