package dev.natsaga.framework.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentEncodingTest {

  private static final String HEADER = "ce-subject";

  @Test
  void encodesSpaceAndNonAsciiAsUtf8WithUpperCaseHex() {
    assertThat(PercentEncoding.encode("Euro €")).isEqualTo("Euro%20%E2%82%AC");
  }

  @Test
  void encodesPercentAndDoubleQuote() {
    assertThat(PercentEncoding.encode("100%")).isEqualTo("100%25");
    assertThat(PercentEncoding.encode("\"q\"")).isEqualTo("%22q%22");
  }

  @Test
  void encodesControlCharactersAndDelete() {
    assertThat(PercentEncoding.encode("a\tb\r\nc\u0000d\u007Fe")).isEqualTo("a%09b%0D%0Ac%00d%7Fe");
  }

  @Test
  void encodesLatin1AndSupplementaryCharactersAsTheirUtf8Bytes() {
    assertThat(PercentEncoding.encode("café")).isEqualTo("caf%C3%A9");
    assertThat(PercentEncoding.encode("\u00A0")).isEqualTo("%C2%A0");
    assertThat(PercentEncoding.encode("🎉")).isEqualTo("%F0%9F%8E%89");
    assertThat(PercentEncoding.encode("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
  }

  @Test
  void leavesEveryPrintableAsciiCharacterExceptQuoteAndPercentUntouched() {
    StringBuilder printable = new StringBuilder();
    for (char c = 0x21; c <= 0x7E; c++) {
      if (c != '"' && c != '%') {
        printable.append(c);
      }
    }
    String value = printable.toString();

    assertThat(PercentEncoding.encode(value)).isSameAs(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"booking-42", "https://example.com/path?q=1&r=2#frag", "a+b=c", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""})
  void plainAsciiIsUntouched(String value) {
    assertThat(PercentEncoding.encode(value)).isEqualTo(value);
  }

  @Test
  void everyEncodedValueIsPrintableAsciiWithoutSpaceOrQuote() {
    String encoded = PercentEncoding.encode("ä \"x\" 100% \u0001 🎉 Ω");

    assertThat(encoded.chars()).allMatch(c -> c >= 0x21 && c <= 0x7E && c != '"');
    assertThat(encoded).doesNotContain(" ");
  }

  @Test
  void eachCodePointAtTheBoundaries() {
    assertThat(PercentEncoding.encode(" ")).isEqualTo("%20");
    assertThat(PercentEncoding.encode("!")).isEqualTo("!");
    assertThat(PercentEncoding.encode("~")).isEqualTo("~");
    assertThat(PercentEncoding.encode("\u007F")).isEqualTo("%7F");
    assertThat(PercentEncoding.encode("\u0080")).isEqualTo("%C2%80");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Euro%20%E2%82%AC | Euro €",
      "100%25 | 100%",
      "%22q%22 | \"q\"",
      "caf%c3%a9 | café",
      "plain | plain",
      "%F0%9F%8E%89 | 🎉"})
  void decodesEscapesIncludingLowerCaseHex(String encoded, String decoded) throws Exception {
    assertThat(PercentEncoding.decode(HEADER, encoded)).isEqualTo(decoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "a", "Euro €", "100%", "\"quoted\"", "%20 is not a space", "booking 42 / Zürich",
      "日本語のテキスト", "emoji 🎉🚀👩‍👩‍👧", "Ω≈ç√∫", "tab\tnew\nline", "\u0000\u007F\u0080\u07FF\u0800\uFFFD",
      "mixed % \" ~ ! 𝄞"})
  void decodeRoundTripsEncode(String value) throws Exception {
    assertThat(PercentEncoding.decode(HEADER, PercentEncoding.encode(value))).isEqualTo(value);
  }

  @Test
  void decodeRoundTripsRandomUnicode() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      String value = IntStream.range(0, random.nextInt(20))
          .map(n -> randomCodePoint(random))
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
          .toString();

      String encoded = PercentEncoding.encode(value);

      assertThat(PercentEncoding.decode(HEADER, encoded)).as("round trip of %s", encoded).isEqualTo(value);
    }
  }

  private static int randomCodePoint(Random random) {
    while (true) {
      int cp = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> random.nextInt(0x800);
        case 2 -> random.nextInt(0x10000);
        default -> 0x10000 + random.nextInt(0x100000);
      };
      if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
        return cp;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "%G1", "%1G", "abc%", "abc%2", "%%", "%20%", "% 1", "%-1", "%+1"})
  void decodeRejectsMalformedEscapesNamingTheHeader(String value) {
    assertThatThrownBy(() -> PercentEncoding.decode(HEADER, value))
        .isInstanceOf(InvalidCloudEventException.class)
        .hasMessageContaining("'" + HEADER + "'")
        .hasMessageContaining("malformed percent-encoding");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%\u0661\u0661", "%\uFF11\uFF11", "%\uFF21\uFF21"})
  void decodeAcceptsOnlyAsciiHexDigits(String value) {
    assertThatThrownBy(() -> PercentEncoding.decode(HEADER, value))
        .isInstanceOf(InvalidCloudEventException.class)
        .hasMessageContaining("malformed percent-encoding");
  }

  @Test
  void decodeReportsThePositionOfTheMalformedEscape() {
    assertThatThrownBy(() -> PercentEncoding.decode(HEADER, "ok%20then%G1"))
        .hasMessageContaining("position 9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%C3%28", "%FF", "%C3", "%E2%82", "%80", "%ED%A0%80", "%C0%AF", "%F8%88%80%80%80"})
  void decodeRejectsBytesThatAreNotUtf8NamingTheHeader(String value) {
    assertThatThrownBy(() -> PercentEncoding.decode(HEADER, value))
        .isInstanceOf(InvalidCloudEventException.class)
        .hasMessageContaining("'" + HEADER + "'")
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void decodeKeepsUnescapedNonAsciiCharactersThatALenientSenderLeftRaw() throws Exception {
    assertThat(PercentEncoding.decode(HEADER, "café")).isEqualTo("café");
    assertThat(PercentEncoding.decode(HEADER, "café%20au%20lait")).isEqualTo("café au lait");
    assertThat(PercentEncoding.decode(HEADER, "🎉%21")).isEqualTo("🎉!");
  }
}
