package dev.natsaga.framework.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Nats-Msg-Id} of an event: derived from its identity, {@code source} + {@code id} (CloudEvents
 * §3.1.1: producers keep that pair unique, consumers may treat equal pairs as duplicates), so a re-publish
 * of the same event is dropped by the stream's duplicate window while two services' events that share an
 * id are both stored. The value is the SHA-256 of the two, length-prefixed so that no other pair gives the
 * same input, cut to 128 bits and written in base64url: 22 printable ASCII characters whatever the id holds
 * (a raw id may be any Unicode string, which a NATS header cannot carry).
 */
final class MessageIds {

  private static final int BYTES = 16;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MessageIds::sha256);

  private MessageIds() {
  }

  static String of(String source, String id) {
    MessageDigest digest = SHA256.get();
    byte[] sourceBytes = source.getBytes(StandardCharsets.UTF_8);
    int n = sourceBytes.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(sourceBytes);
    digest.update(id.getBytes(StandardCharsets.UTF_8));
    byte[] hash = digest.digest();
    return BASE64URL.encodeToString(java.util.Arrays.copyOf(hash, BYTES));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
    }
  }
}
