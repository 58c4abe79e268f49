package dev.natsaga.reliability;

import io.nats.client.impl.Headers;

/**
 * One hostile message of the fuzz run and what became of it. Sent through jnats ({@code headers}) or, for what
 * jnats refuses to send, through {@link RawNats} ({@code rawHeaders}, the header block byte for byte).
 */
final class Hostile {

  final int id;
  final String category;
  final String variant;
  final FuzzTarget target;
  final Headers headers;
  final byte[] rawHeaders;
  final boolean raw;
  private volatile byte[] payload;
  private byte[] digest;
  private int size;
  final String msgId;

  volatile String stream;
  volatile long seq;
  volatile boolean duplicate;
  volatile String refused;
  volatile java.time.Instant publishedAt;

  Hostile(int id, String category, String variant, FuzzTarget target, Headers headers, byte[] payload, String msgId) {
    this(id, category, variant, target, headers, null, false, payload, msgId);
  }

  private Hostile(int id, String category, String variant, FuzzTarget target, Headers headers, byte[] rawHeaders, boolean raw,
                  byte[] payload, String msgId) {
    this.id = id;
    this.category = category;
    this.variant = variant;
    this.target = target;
    this.headers = headers;
    this.rawHeaders = rawHeaders;
    this.raw = raw;
    this.payload = payload;
    this.msgId = msgId;
  }

  static Hostile raw(int id, String category, String variant, FuzzTarget target, byte[] rawHeaders, byte[] payload) {
    return new Hostile(id, category, variant, target, null, rawHeaders, true, payload, null);
  }

  byte[] payload() {
    return payload;
  }

  /** After publishing: keeps the payload's SHA-256 and size, and lets the bytes go (some are ~1 MB). */
  void sent() {
    size = payload.length;
    digest = sha256(payload);
    payload = null;
  }

  byte[] digest() {
    return digest;
  }

  static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b == null ? new byte[0] : b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean acked() {
    return stream != null && refused == null;
  }

  int size() {
    return (payload != null ? payload.length : size) + (rawHeaders != null ? rawHeaders.length : 0);
  }

  @Override
  public String toString() {
    return "hostile #" + id + " " + category + "/" + variant + " to " + target.subject() + " (" + size() + " bytes)"
        + (acked() ? " stored " + stream + "/" + seq : refused != null ? " refused: " + refused : "");
  }
}
