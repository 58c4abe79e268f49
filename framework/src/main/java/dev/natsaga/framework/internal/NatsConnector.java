package dev.natsaga.framework.internal;

import dev.natsaga.framework.config.ConnectionOptions;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ServerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the NATS connection from {@link ConnectionOptions}: reconnects forever by default (jnats
 * alone gives up after 60 attempts), with jittered waits, and logs every connection state change.
 */
public final class NatsConnector {

  private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);
  private static final Duration JETSTREAM_PROBE_TIMEOUT = Duration.ofSeconds(1);

  private NatsConnector() {
  }

  /** Connects, failing with an error that names NATS_URL when no server can be reached. */
  public static Connection connect(ConnectionOptions options, String connectionName) throws IOException {
    try {
      return Nats.connect(jnatsOptions(options, connectionName));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to NATS at " + options.url(), e);
    } catch (IOException e) {
      throw new IOException("cannot connect to NATS at " + options.url() + " (NATS_URL): " + e.getMessage(), e);
    }
  }

  /**
   * Fails fast, naming the fix, when the server {@code connection} is connected to has JetStream disabled.
   * The server's INFO says so; a clustered server that says no is asked once more (briefly), since
   * the account's JetStream may live on other nodes.
   */
  public static void requireJetStream(Connection connection) throws IOException {
    ServerInfo info = connection.getServerInfo();
    if (info.isJetStreamAvailable()) {
      return;
    }
    if (info.getCluster() == null) {
      throw jetStreamDisabled(connection, null);
    }
    try {
      connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(JETSTREAM_PROBE_TIMEOUT).build())
          .getAccountStatistics();
    } catch (IOException | JetStreamApiException e) {
      throw jetStreamDisabled(connection, e);
    }
  }

  private static IOException jetStreamDisabled(Connection connection, Exception cause) {
    return new IOException("nats-server at " + connection.getConnectedUrl() + " has JetStream disabled: start it with -js"
        + " (or jetstream {} in its config), or point NATS_URL at one that has it", cause);
  }

  /** Closes {@code connection} (if any) at once, without draining; for cleaning up after a failure. */
  public static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The jnats options for {@code options}; exposed so tools can open extra connections alike. */
  public static Options jnatsOptions(ConnectionOptions options, String connectionName) throws IOException {
    Options.Builder b = new Options.Builder()
        .servers(options.url().split(","))
        .connectionName(connectionName)
        .maxReconnects(options.maxReconnects())
        .reconnectWait(options.reconnectWait())
        .reconnectJitter(options.reconnectWait().dividedBy(2))
        .connectionTimeout(options.connectionTimeout())
        .pingInterval(options.pingInterval())
        .connectionListener(stateLogger(options.url()))
        .errorListener(new LoggingErrorListener());
    authenticate(b, options);
    if (options.usesTls()) {
      tls(b, options);
    }
    return b.build();
  }

  private static void authenticate(Options.Builder b, ConnectionOptions o) throws IOException {
    if (o.user() != null) {
      b.userInfo(o.user(), o.password());
    } else if (o.token() != null) {
      b.token(o.token().toCharArray());
    } else if (o.credsFile() != null) {
      b.authHandler(Nats.credentials(o.credsFile().toString()));
    } else if (o.nkeyFile() != null) {
      String seed = Files.readString(o.nkeyFile()).trim();
      b.authHandler(Nats.staticCredentials(null, seed.toCharArray()));
    }
  }

  private static void tls(Options.Builder b, ConnectionOptions o) {
    if (o.trustStore() != null) {
      b.truststorePath(o.trustStore().toString());
      b.truststorePassword(o.trustStorePassword() == null ? new char[0] : o.trustStorePassword().toCharArray());
    }
    if (o.keyStore() != null) {
      b.keystorePath(o.keyStore().toString());
      b.keystorePassword(o.keyStorePassword() == null ? new char[0] : o.keyStorePassword().toCharArray());
    }
    if (o.trustStore() == null && o.keyStore() == null) {
      try {
        b.secure();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("TLS is not available in this JVM (NATS_TLS)", e);
      }
    }
  }

  private static ConnectionListener stateLogger(String url) {
    return (conn, event) -> {
      switch (event) {
        case DISCONNECTED -> LOG.warn("NATS disconnected from {}; reconnecting", url);
        case RECONNECTED -> LOG.info("NATS reconnected to {}", conn.getConnectedUrl());
        case CLOSED -> LOG.info("NATS connection closed");
        case CONNECTED -> LOG.info("NATS connected to {}", conn.getConnectedUrl());
        default -> LOG.debug("NATS connection event {}", event);
      }
    };
  }

  /** Logs asynchronous NATS errors as one line each. */
  private static final class LoggingErrorListener implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.warn("NATS server error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.warn("NATS client exception: {}", exp.toString());
    }

    @Override
    public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
      LOG.warn("NATS slow consumer detected");
    }
  }
}
