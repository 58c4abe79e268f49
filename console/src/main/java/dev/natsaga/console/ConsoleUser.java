package dev.natsaga.console;

import java.util.Objects;

/**
 * A console user: signs in with a password (form) or a token (form or {@code Authorization: Bearer}).
 *
 * @param name   shown in the audit trail
 * @param role   what the user may do
 * @param secret the password or token
 * @param token  true when {@code secret} is a token (sign-in by token alone), false for a password
 */
public record ConsoleUser(String name, ConsoleRole role, String secret, boolean token) {

  public ConsoleUser {
    Objects.requireNonNull(role, "role");
    if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new IllegalArgumentException("console user name '" + name + "' must be 1-64 letters, digits or . _ @ -");
    }
    if (secret == null || secret.length() < 8) {
      throw new IllegalArgumentException("the " + (token ? "token" : "password") + " of console user '" + name
          + "' must have at least 8 characters");
    }
  }

  /** A user who signs in with name and password. */
  public static ConsoleUser withPassword(String name, ConsoleRole role, String password) {
    return new ConsoleUser(name, role, password, false);
  }

  /** A user (a person or a script) who signs in with a token. */
  public static ConsoleUser withToken(String name, ConsoleRole role, String token) {
    return new ConsoleUser(name, role, token, true);
  }

  @Override
  public String toString() {
    return name + " (" + role.label() + ")";
  }
}
