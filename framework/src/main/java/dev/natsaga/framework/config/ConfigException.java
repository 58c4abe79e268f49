package dev.natsaga.framework.config;

/** A setting with a bad value; the message names the setting, the value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String value;
  private final String allowed;

  public ConfigException(String setting, String value, String allowed) {
    super("invalid setting " + setting + "='" + value + "': " + allowed);
    this.setting = setting;
    this.value = value;
    this.allowed = allowed;
  }

  /** The setting's name, e.g. {@code NATS_URL} (a wiring that names settings otherwise, such as Spring, translates it). */
  public String setting() {
    return setting;
  }

  /** The value that was refused, as given. */
  public String value() {
    return value;
  }

  /** What the setting allows: the fix. */
  public String allowed() {
    return allowed;
  }
}
