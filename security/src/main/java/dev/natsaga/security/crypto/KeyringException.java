package dev.natsaga.security.crypto;

/** A keyring that cannot be used; the message names the setting, what is wrong and the fix. */
public final class KeyringException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public KeyringException(String message) {
    super(message);
  }
}
