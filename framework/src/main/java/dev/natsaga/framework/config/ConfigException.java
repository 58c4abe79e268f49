package dev.natsaga.framework.config;

/** A setting with a bad value; the message names the setting, the value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String setting, String value, String allowed) {
    super("invalid setting " + setting + "='" + value + "': " + allowed);
  }
}
