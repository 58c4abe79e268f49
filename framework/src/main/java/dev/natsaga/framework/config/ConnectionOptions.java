package dev.natsaga.framework.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach NATS: servers, credentials and TLS. Exactly one way to authenticate may be set
 * (user/password, token, NKey seed file, or creds file). TLS is on when {@code tls} is true or a
 * trust/key store is given (JKS or PKCS12).
 *
 * @param url comma-separated server URLs ({@code NATS_URL}, default {@code nats://127.0.0.1:4222})
 * @param user {@code NATS_USER}
 * @param password {@code NATS_PASSWORD}
 * @param token {@code NATS_TOKEN}
 * @param nkeyFile a file holding an NKey user seed ({@code NATS_NKEY_FILE})
 * @param credsFile a decentralized-auth creds file ({@code NATS_CREDS_FILE})
 * @param tls {@code NATS_TLS}
 * @param trustStore {@code NATS_TLS_TRUSTSTORE}; {@code trustStorePassword}: {@code NATS_TLS_TRUSTSTORE_PASSWORD}
 * @param trustStorePassword the trust store's password
 * @param keyStore {@code NATS_TLS_KEYSTORE} (client certificate); {@code keyStorePassword}: {@code NATS_TLS_KEYSTORE_PASSWORD}
 * @param keyStorePassword the key store's password
 * @param maxReconnects {@code NATS_MAX_RECONNECTS}, -1 (default) = forever
 * @param reconnectWait {@code NATS_RECONNECT_WAIT}, default 1s (with jitter)
 * @param connectionTimeout {@code NATS_CONNECT_TIMEOUT}, default 5s
 */
public record ConnectionOptions(String url, String user, String password, String token, Path nkeyFile,
    Path credsFile, boolean tls, Path trustStore, String trustStorePassword, Path keyStore,
    String keyStorePassword, int maxReconnects, Duration reconnectWait, Duration connectionTimeout, Duration pingInterval) {

  public static final String DEFAULT_URL = "nats://127.0.0.1:4222";
  /**
   * How often the client pings the server; two unanswered pings make it reconnect. jnats' default of
   * 2 minutes leaves a connection whose reader has stopped (see the README) looking CONNECTED for up to
   * 6 minutes; at 5 s it reconnects within about 15 s.
   */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);

  public ConnectionOptions {
    if (url == null || url.isBlank()) {
      throw new ConfigException("NATS_URL", String.valueOf(url), "at least one server URL is required, e.g. nats://127.0.0.1:4222");
    }
    for (String server : url.split(",")) {
      if (!server.trim().matches("(nats|tls|ws|wss)://[^\\s/]+(:\\d{1,5})?/?")) {
        throw new ConfigException("NATS_URL", url, "each server must look like nats://host:port (schemes nats, tls, ws, wss)");
      }
    }
    int ways = (user != null ? 1 : 0) + (token != null ? 1 : 0) + (nkeyFile != null ? 1 : 0) + (credsFile != null ? 1 : 0);
    if (ways > 1) {
      throw new ConfigException("NATS_USER/NATS_TOKEN/NATS_NKEY_FILE/NATS_CREDS_FILE", "several set", "set only one way to authenticate");
    }
    if (user != null && password == null) {
      throw new ConfigException("NATS_PASSWORD", "", "required when NATS_USER is set");
    }
    requireReadable("NATS_NKEY_FILE", nkeyFile);
    requireReadable("NATS_CREDS_FILE", credsFile);
    requireReadable("NATS_TLS_TRUSTSTORE", trustStore);
    requireReadable("NATS_TLS_KEYSTORE", keyStore);
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new ConfigException("NATS_PING_INTERVAL", pingInterval.toString(), "must be positive, e.g. 5s");
    }
    if (maxReconnects < -1) {
      throw new ConfigException("NATS_MAX_RECONNECTS", String.valueOf(maxReconnects), "must be -1 (forever) or at least 0");
    }
  }

  /** Local defaults: {@code nats://127.0.0.1:4222}, no auth, reconnect forever. */
  public static ConnectionOptions of(String url) {
    return new ConnectionOptions(url, null, null, null, null, null, false, null, null, null, null, -1,
        Duration.ofSeconds(1), Duration.ofSeconds(5), DEFAULT_PING_INTERVAL);
  }

  /** Reads the {@code NATS_*} connection settings. */
  public static ConnectionOptions from(Settings s) {
    return new ConnectionOptions(
        s.string("NATS_URL", DEFAULT_URL), s.get("NATS_USER").orElse(null), s.get("NATS_PASSWORD").orElse(null),
        s.get("NATS_TOKEN").orElse(null), s.get("NATS_NKEY_FILE").map(Path::of).orElse(null),
        s.get("NATS_CREDS_FILE").map(Path::of).orElse(null), s.bool("NATS_TLS", false),
        s.get("NATS_TLS_TRUSTSTORE").map(Path::of).orElse(null), s.get("NATS_TLS_TRUSTSTORE_PASSWORD").orElse(null),
        s.get("NATS_TLS_KEYSTORE").map(Path::of).orElse(null), s.get("NATS_TLS_KEYSTORE_PASSWORD").orElse(null),
        s.integer("NATS_MAX_RECONNECTS", -1, -1, Integer.MAX_VALUE),
        s.duration("NATS_RECONNECT_WAIT", Duration.ofSeconds(1)), s.duration("NATS_CONNECT_TIMEOUT", Duration.ofSeconds(5)),
        s.duration("NATS_PING_INTERVAL", DEFAULT_PING_INTERVAL));
  }

  /** Whether the connection uses TLS. */
  public boolean usesTls() {
    return tls || trustStore != null || keyStore != null || url.startsWith("tls://");
  }

  private static void requireReadable(String setting, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new ConfigException(setting, file.toString(), "the file does not exist or is not readable");
    }
  }

  @Override
  public String toString() {
    return "ConnectionOptions[url=" + url + ", user=" + user + ", auth=" + (password != null || token != null || nkeyFile != null || credsFile != null ? "set" : "none") + ", tls=" + usesTls() + "]";
  }
}
