package dev.natsaga.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations console the booking sample embeds in a fuzz run ({@code CONSOLE_USERS}, {@code CONSOLE_TOKENS},
 * {@code CONSOLE_PORT}): the run's users with random passwords and tokens, and a raw HTTP/1.1 client that sends the
 * request line byte for byte (paths no URI class accepts: backslashes, overlong UTF-8, {@code %00}) and never follows
 * redirects.
 *
 * @param port          the console's port on 127.0.0.1
 * @param operatorPass  the password of user {@code fuzz-op} (operator)
 * @param readOnlyPass  the password of user {@code fuzz-ro} (read-only)
 * @param operatorToken the token of {@code fuzz-api} (operator)
 * @param readOnlyToken the token of {@code fuzz-ro-api} (read-only)
 */
record ConsoleAccess(int port, String operatorPass, String readOnlyPass, String operatorToken, String readOnlyToken) {

  static final String COOKIE = "natsaga_console";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie:\\s*" + COOKIE + "=([^;\\r\\n]*)");

  /** An HTTP answer: status, the header block as text, the body as text. */
  record Answer(int status, String headers, String body) {
    Optional<String> header(String name) {
      Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*([^\\r\\n]*)").matcher(headers);
      return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    Optional<String> sessionCookie() {
      Matcher m = SET_COOKIE.matcher(headers);
      return m.find() && !m.group(1).isEmpty() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 160 ? body.substring(0, 160).replaceAll("\\s+", " ") + "..." : body.replaceAll("\\s+", " "));
    }
  }

  static ConsoleAccess forRun() {
    return new ConsoleAccess(ServiceProcess.freePort(), secret(), secret(), secret(), secret());
  }

  /** The booking service's settings that switch the console on. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONSOLE_USERS", "fuzz-op:operator:" + operatorPass + ",fuzz-ro:read-only:" + readOnlyPass);
    env.put("CONSOLE_TOKENS", "fuzz-api:operator:" + operatorToken + ",fuzz-ro-api:read-only:" + readOnlyToken);
    env.put("CONSOLE_PORT", Integer.toString(port));
    env.put("CONSOLE_HOST", "127.0.0.1");
    return env;
  }

  /** Signs in by password; the session cookie, or empty when refused. */
  Optional<String> signIn(String user, String password) {
    Answer a = send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
        "user=" + enc(user) + "&password=" + enc(password));
    return a.status() == 303 ? a.sessionCookie() : Optional.empty();
  }

  /** The CSRF token the pages give this session. */
  String csrf(String cookie) {
    Matcher m = CSRF.matcher(send("GET", "/sagas", Map.of("Cookie", COOKIE + "=" + cookie), null).body());
    if (!m.find()) {
      throw new IllegalStateException("the console's saga page carries no CSRF token for a signed-in session");
    }
    return m.group(1);
  }

  /** A request with the raw {@code target} (path and query as sent), {@code headers} and a form or JSON body. */
  Answer send(String method, String target, Map<String, String> headers, String body) {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
        .append("\r\nConnection: close\r\n");
    headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
    if (body != null || method.equals("POST")) {
      req.append("Content-Length: ").append(b.length).append("\r\n");
    }
    req.append("\r\n");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
      return parse(readAll(s.getInputStream()));
    } catch (IOException e) {
      return new Answer(-1, "", "transport error: " + e);
    }
  }

  private static Answer parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    String head = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.ISO_8859_1);
    byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (head.matches("(?is)^.*Transfer-Encoding:\\s*chunked.*")) {
      body = dechunk(body);
    }
    String[] status = head.split(" ", 3);
    int code;
    try {
      code = status.length > 1 ? Integer.parseInt(status[1].strip()) : -1;
    } catch (NumberFormatException e) {
      code = -1;
    }
    return new Answer(code, head, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int i = 0;
    while (i < body.length) {
      int eol = indexOf(body, crlf, i);
      if (eol < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(new String(body, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int from = eol + 2;
      int to = Math.min(body.length, from + size);
      out.write(body, from, to - from);
      i = to + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String secret() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
