package dev.natsaga.console.internal;

import dev.natsaga.console.ConsoleUser;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions in memory: a random id in an HttpOnly, SameSite=Strict cookie, a CSRF token each, 8 hours long. */
final class Sessions {

  static final String COOKIE = "natsaga_console";
  static final Duration LENGTH = Duration.ofHours(8);

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> byId = new ConcurrentHashMap<>();

  Session open(ConsoleUser user) {
    byId.values().removeIf(s -> s.expires().isBefore(Instant.now()));
    Session s = new Session(randomToken(), user, randomToken(), Instant.now().plus(LENGTH));
    byId.put(s.id(), s);
    return s;
  }

  /** A one-request session for a token in {@code Authorization: Bearer}: no cookie, no CSRF token (none is needed). */
  static Session bearer(ConsoleUser user) {
    return new Session("bearer", user, null, Instant.now().plusSeconds(60));
  }

  Optional<Session> find(String id) {
    Session s = id == null ? null : byId.get(id);
    if (s == null || s.expires().isBefore(Instant.now())) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  void close(String id) {
    byId.remove(id);
  }

  /** @return true when {@code given} is the session's CSRF token (constant-time comparison) */
  static boolean csrfMatches(Session s, String given) {
    return given != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
