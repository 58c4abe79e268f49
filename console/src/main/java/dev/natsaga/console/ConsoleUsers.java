package dev.natsaga.console;

import dev.natsaga.framework.config.ConfigException;
import dev.natsaga.framework.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users who may sign in, from settings:
 * <ul>
 * <li>{@code CONSOLE_USERS} = {@code name:role:password,...}, e.g. {@code alice:operator:correct-horse,bob:read-only:battery-staple};</li>
 * <li>{@code CONSOLE_TOKENS} = {@code name:role:token,...}, e.g. {@code deploy-bot:operator:3f9c...}.</li>
 * </ul>
 * Roles are {@code read-only} and {@code operator}. Secrets are compared in constant time.
 */
public final class ConsoleUsers {

  private final List<ConsoleUser> users;

  public ConsoleUsers(List<ConsoleUser> users) {
    if (users.isEmpty()) {
      throw new IllegalArgumentException("the console needs at least one user (CONSOLE_USERS or CONSOLE_TOKENS)");
    }
    this.users = List.copyOf(users);
  }

  /** @throws ConfigException naming the setting and the expected form when one is malformed or both are empty */
  public static ConsoleUsers from(Settings settings) {
    List<ConsoleUser> all = new ArrayList<>();
    parse(settings, "CONSOLE_USERS", false, all);
    parse(settings, "CONSOLE_TOKENS", true, all);
    if (all.isEmpty()) {
      throw new ConfigException("CONSOLE_USERS", "", "set CONSOLE_USERS=name:role:password[,...] or CONSOLE_TOKENS="
          + "name:role:token[,...] (role read-only or operator); the console has no anonymous access");
    }
    return new ConsoleUsers(all);
  }

  private static void parse(Settings settings, String setting, boolean tokens, List<ConsoleUser> into) {
    String raw = settings.string(setting, "");
    for (String entry : raw.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.strip().split(":", 3);
      try {
        if (parts.length != 3) {
          throw new IllegalArgumentException("expected name:role:" + (tokens ? "token" : "password"));
        }
        into.add(new ConsoleUser(parts[0], ConsoleRole.parse(parts[1]), parts[2], tokens));
      } catch (IllegalArgumentException e) {
        String shown = parts.length > 0 ? parts[0] + ":..." : "";
        throw new ConfigException(setting, shown, e.getMessage() + "; use name:role:" + (tokens ? "token" : "password")
            + " entries separated by commas, role read-only or operator");
      }
    }
  }

  /** @return the password user with this name and password */
  public Optional<ConsoleUser> byPassword(String name, String password) {
    return users.stream().filter(u -> !u.token() && u.name().equals(name) && same(u.secret(), password)).findFirst();
  }

  /** @return the token user with this token */
  public Optional<ConsoleUser> byToken(String token) {
    return users.stream().filter(u -> u.token() && same(u.secret(), token)).findFirst();
  }

  private static boolean same(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
