package dev.natsaga.framework.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of binary-mode header values as the CloudEvents NATS binding requires: space,
 * {@code "}, {@code %} and every character outside U+0021–U+007E are written as their UTF-8 bytes
 * in {@code %XX} form with upper-case hex.
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
