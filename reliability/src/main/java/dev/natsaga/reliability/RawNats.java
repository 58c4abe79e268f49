package dev.natsaga.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * A minimal NATS protocol client over a plain socket, for what jnats refuses to send: header blocks with bytes
 * outside ASCII, malformed header lines, status lines, and messages over {@code max_payload} (which the server, not
 * the client, must refuse). Publishes with a reply inbox so JetStream's ack comes back; one connection, reopened
 * after the server closes it.
 */
final class RawNats implements AutoCloseable {

  /** What the server did with a publish: JetStream ack (stream, seq), a JetStream error, or a protocol error. */
  record Result(String stream, long seq, boolean duplicate, String error) {

    boolean acked() {
      return stream != null && error == null;
    }
  }

  /** What {@link #lineBefore} returns when no line came in time (never equal by reference to a line read). */
  private static final String NO_LINE = new String("no line");

  private final String host;
  private final int port;
  private final Duration timeout;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private String inbox;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  RawNats(String url, Duration timeout) {
    URI u = URI.create(url.split(",")[0]);
    this.host = u.getHost();
    this.port = u.getPort();
    this.timeout = timeout;
  }

  /** Publishes {@code headerBlock} (sent exactly as given) and {@code payload} with HPUB and waits for the answer. */
  Result publish(String subject, byte[] headerBlock, byte[] payload) {
    try {
      ensureOpen();
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      String line = headerBlock == null
          ? "PUB " + subject + " " + inbox + " " + payload.length + "\r\n"
          : "HPUB " + subject + " " + inbox + " " + headerBlock.length + " " + (headerBlock.length + payload.length) + "\r\n";
      frame.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
      if (headerBlock != null) {
        frame.writeBytes(headerBlock);
      }
      frame.writeBytes(payload);
      frame.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(frame.toByteArray());
      out.flush();
      return awaitAnswer();
    } catch (IOException e) {
      closeQuietly();
      return new Result(null, 0, false, "connection: " + e.getMessage());
    }
  }

  private Result awaitAnswer() throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String line = lineBefore(deadline); line != NO_LINE; line = lineBefore(deadline)) {
      if (line == null) {
        closeQuietly();
        return new Result(null, 0, false, "server closed the connection");
      }
      if (line.startsWith("PING")) {
        send("PONG\r\n");
      } else if (line.startsWith("-ERR")) {
        closeQuietly();
        return new Result(null, 0, false, "server: " + line);
      } else if (line.startsWith("MSG ") || line.startsWith("HMSG ")) {
        String[] parts = line.split(" ");
        int total = Integer.parseInt(parts[parts.length - 1]);
        int headerLen = line.startsWith("HMSG ") ? Integer.parseInt(parts[parts.length - 2]) : 0;
        byte[] body = in.readNBytes(total + 2);
        String json = new String(body, headerLen, total - headerLen, StandardCharsets.UTF_8);
        return parseAck(json, headerLen > 0 ? new String(body, 0, headerLen, StandardCharsets.UTF_8) : "");
      }
    }
    closeQuietly();
    return new Result(null, 0, false, "no answer within " + timeout.toSeconds() + " s");
  }

  private static Result parseAck(String json, String headers) {
    if (headers.contains("503")) {
      return new Result(null, 0, false, "no responders (no stream captures the subject)");
    }
    try {
      var n = Http.JSON.readTree(json);
      if (n.has("error")) {
        return new Result(null, 0, false, "jetstream: " + n.get("error").toString());
      }
      return new Result(n.path("stream").asText(), n.path("seq").asLong(), n.path("duplicate").asBoolean(false), null);
    } catch (IOException e) {
      return new Result(null, 0, false, "unreadable answer '" + json + "'");
    }
  }

  private void ensureOpen() throws IOException {
    if (socket != null && !socket.isClosed()) {
      return;
    }
    socket = new Socket(host, port);
    socket.setSoTimeout(500);
    in = new java.io.BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    long deadline = System.nanoTime() + timeout.toNanos();
    String info = lineBefore(deadline);
    if (info == null || info == NO_LINE || !info.startsWith("INFO")) {
      throw new IOException("no INFO from " + host + ":" + port + ": " + info);
    }
    inbox = "_INBOX.fuzz." + UUID.randomUUID().toString().replace("-", "");
    send("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,\"protocol\":1,\"name\":\"reliability-raw\"}\r\n"
        + "SUB " + inbox + " 1\r\nPING\r\n");
    for (String line = lineBefore(deadline); line != NO_LINE; line = lineBefore(deadline)) {
      if (line == null || line.startsWith("-ERR")) {
        throw new IOException("connect refused: " + line);
      }
      if (line.startsWith("PONG")) {
        return;
      }
    }
    throw new IOException("no PONG after CONNECT");
  }

  private void send(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * The next protocol line read before {@code deadline}: null when the server closed the connection, {@link #NO_LINE}
   * (compare with {@code ==}) when no whole line came in time.
   */
  private String lineBefore(long deadline) throws IOException {
    while (System.nanoTime() < deadline) {
      try {
        return readLine();
      } catch (SocketTimeoutException e) {
        // keep waiting: readLine keeps what it read so far
      }
    }
    return NO_LINE;
  }

  /** One protocol line; a read timeout keeps what was read so far for the next call. */
  private String readLine() throws IOException {
    while (true) {
      int b = in.read();
      if (b == -1) {
        return null;
      }
      if (b == '\n') {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      line.write(b);
    }
  }

  private void closeQuietly() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    socket = null;
    line.reset();
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
