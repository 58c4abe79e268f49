package dev.natsaga.sample.booking;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a stream's stored messages as they are, with plain jnats (no framework, no payload stages). */
final class RawStream {

  private RawStream() {
  }

  /** Every message of {@code stream} stored on {@code subject}, headers and data as stored. */
  static List<MessageInfo> messages(String url, String stream, String subject) throws Exception {
    try (Connection nc = Nats.connect(url)) {
      JetStreamManagement jsm = nc.jetStreamManagement();
      long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
      List<MessageInfo> found = new ArrayList<>();
      for (long seq = 1; seq <= last; seq++) {
        try {
          MessageInfo m = jsm.getMessage(stream, seq);
          if (subject.equals(m.getSubject())) {
            found.add(m);
          }
        } catch (io.nats.client.JetStreamApiException e) {
          // deleted or not there: skip
        }
      }
      return found;
    }
  }

  /** The message's headers and data as one text, to search for what must not be there. */
  static String text(MessageInfo m) {
    StringBuilder b = new StringBuilder();
    Headers headers = m.getHeaders();
    if (headers != null) {
      headers.entrySet().forEach(h -> b.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
    }
    return b.append(new String(m.getData(), StandardCharsets.UTF_8)).toString();
  }

  /** The files under a nats-server's store directory that contain {@code text} (ASCII), byte for byte. */
  static List<java.nio.file.Path> storeFilesContaining(java.nio.file.Path storeDir, String text) throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(storeDir)) {
      return files.filter(java.nio.file.Files::isRegularFile).filter(f -> read(f).contains(text)).toList();
    }
  }

  private static String read(java.nio.file.Path file) {
    try {
      return new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      return ""; // removed by the server while walking
    }
  }
}
