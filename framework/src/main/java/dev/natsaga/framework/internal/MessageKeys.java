package dev.natsaga.framework.internal;

import dev.natsaga.framework.codec.CloudEventCodec;
import dev.natsaga.framework.codec.InvalidCloudEventException;
import io.nats.client.Message;

/**
 * The ordering key of a message: its CloudEvents {@code subject}. An event-store subject
 * ({@code {env}.{domain}.{entity}.{action}.v{N}.{aggregate}}) carries it as its last token, read without decoding; any
 * other message is decoded for it. A message without a subject, or one that is not a CloudEvent, has the key "".
 */
public final class MessageKeys {

  private static final int AGGREGATE_SUBJECT_TOKENS = 6;
  private final CloudEventCodec codec;

  public MessageKeys(CloudEventCodec codec) {
    this.codec = codec;
  }

  public String key(Message msg) {
    String subject = msg.getSubject();
    if (tokens(subject) >= AGGREGATE_SUBJECT_TOKENS) {
      return subject.substring(subject.lastIndexOf('.') + 1);
    }
    try {
      String key = codec.decode(msg).getSubject();
      return key == null ? "" : key;
    } catch (InvalidCloudEventException | RuntimeException e) {
      return "";
    }
  }

  private static int tokens(String subject) {
    int n = 1;
    for (int i = 0; i < subject.length(); i++) {
      if (subject.charAt(i) == '.') {
        n++;
      }
    }
    return n;
  }
}
