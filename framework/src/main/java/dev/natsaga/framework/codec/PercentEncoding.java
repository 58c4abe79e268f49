package dev.natsaga.framework.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Binary-mode header values as the CloudEvents NATS binding §3.1.3.2 requires. Written: space, {@code "},
 * {@code %} and every character outside U+0021–U+007E as their UTF-8 bytes in {@code %XX} form with
 * upper-case hex. Read ({@link #decodeHeader}): the whitespace around the value dropped, an RFC 7230 §3.2.6
 * quoted string unescaped (older senders quote instead of encoding), then one round of percent-decoding.
 */
final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {
  }

  static String encode(String value) {
    if (!needsEncoding(value)) {
      return value;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 16);
    for (byte b : utf8) {
      int c = b & 0xFF;
      if (c > 0x20 && c < 0x7F && c != '"' && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  private static boolean needsEncoding(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == '%') {
        return true;
      }
    }
    return false;
  }

  /** A received header value: unquoted when it is a quoted string, then percent-decoded. */
  static String decodeHeader(String header, String raw) throws InvalidCloudEventException {
    String value = raw;
    int last = value.length() - 1;
    if (last >= 0 && (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(last)))) {
      value = value.strip();
    }
    if (!value.isEmpty() && value.charAt(0) == '"') {
      value = unquote(header, value);
    }
    return decode(header, value);
  }

  /**
   * The content of an RFC 7230 quoted string ({@code DQUOTE *( qdtext / quoted-pair ) DQUOTE}): a backslash
   * takes the next character as it is. A value that opens a quote must be exactly one quoted string.
   */
  static String unquote(String header, String quoted) throws InvalidCloudEventException {
    StringBuilder out = new StringBuilder(quoted.length());
    for (int i = 1; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length()) {
        out.append(quoted.charAt(++i));
      } else if (c == '"') {
        if (i != quoted.length() - 1) {
          throw new InvalidCloudEventException("header '" + header + "' has text after its closing quote: the value must be one RFC 7230 quoted string or none");
        }
        return out.toString();
      } else {
        out.append(c);
      }
    }
    throw new InvalidCloudEventException("header '" + header + "' opens a quoted string it does not close");
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * Decodes {@code %XX} sequences (ASCII hex digits, either case); rejects a malformed escape or bytes
   * that are not UTF-8. Characters a lenient sender left unescaped are kept as they are.
   */
  static String decode(String header, String value) throws InvalidCloudEventException {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        int end = value.indexOf('%', i);
        end = end < 0 ? value.length() : end;
        bytes.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      int hi = i + 2 < value.length() ? hexDigit(value.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? hexDigit(value.charAt(i + 2)) : -1;
      if (hi < 0 || lo < 0) {
        throw new InvalidCloudEventException("header '" + header + "' has a malformed percent-encoding at position " + i);
      }
      bytes.write((hi << 4) | lo);
      i += 2;
    }
    return utf8(header, bytes.toByteArray());
  }

  private static int hexDigit(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }

  private static String utf8(String header, byte[] bytes) throws InvalidCloudEventException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidCloudEventException("header '" + header + "' percent-decodes to bytes that are not UTF-8");
    }
  }
}
