package dev.natsaga.framework.codec;

/**
 * Media-type checks as RFC 2045 and the CloudEvents JSON format define them: the type and subtype are
 * compared case-insensitively, parameters ({@code ; charset=utf-8}) and the whitespace around them do
 * not count. Written by hand, without a regular expression or {@code toLowerCase}: it runs on every
 * event, in both directions.
 */
final class MediaTypes {

  private MediaTypes() {
  }

  /**
   * Whether {@code data} is JSON for this {@code datacontenttype}: absent (the JSON format says to proceed
   * as with {@code application/json}), or a media type of the form {@code *}{@code /json} or
   * {@code *}{@code /*+json} (JSON format §3.1.1), in any case and with any parameters.
   */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return true;
    }
    int end = end(contentType);
    int slash = contentType.indexOf('/');
    if (slash <= 0 || slash >= end - 1) {
      return false;
    }
    int subtypeLength = end - slash - 1;
    return (subtypeLength == 4 && contentType.regionMatches(true, slash + 1, "json", 0, 4))
        || (subtypeLength > 5 && contentType.regionMatches(true, end - 5, "+json", 0, 5));
  }

  /** Whether {@code contentType}, without its parameters, is {@code mediaType} (given in lower case). */
  static boolean is(String contentType, String mediaType) {
    int start = start(contentType);
    return end(contentType) - start == mediaType.length() && contentType.regionMatches(true, start, mediaType, 0, mediaType.length());
  }

  /** Where the media type ends: before the parameters and the whitespace ahead of them. */
  private static int end(String contentType) {
    int end = contentType.indexOf(';');
    end = end < 0 ? contentType.length() : end;
    while (end > 0 && isWhitespace(contentType.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static int start(String contentType) {
    int start = 0;
    while (start < contentType.length() && isWhitespace(contentType.charAt(start))) {
      start++;
    }
    return start;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
