package dev.natsaga.test.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a real {@link NatsServer} or {@link NatsCluster} for a test class.
 *
 * <pre>{@code
 * class OrderTest {
 *     @RegisterExtension
 *     static final NatsServerExtension NATS = NatsServerExtension.singleNode();
 *
 *     @Test
 *     void publishes() throws Exception {
 *         Connection nc = NATS.connect();                    // closed after the test
 *         ...
 *     }
 *
 *     @Test
 *     void survivesRestart(NatsServer server, Connection nc) { // injected
 *         server.kill();
 *         server.restart();
 *     }
 * }
 * }</pre>
 *
 * <p>On a {@code static} field the server starts before all tests of the class (and its
 * {@code @Nested} classes) and stops after them; on an instance field, one server per test.
 * {@link #cluster(int)} runs a cluster instead. Test methods, constructors and lifecycle methods
 * may declare parameters of type {@link NatsServer} (single node), {@link NatsCluster} (cluster)
 * and {@link Connection} (a new tracked connection). Connections from {@link #connect()} opened
 * during a test are closed after it; those opened in {@code @BeforeAll} are closed after the class.
 * Test methods of one class should not run concurrently with each other (connection tracking
 * assumes one test at a time). Register at most one NatsServerExtension per class when using
 * parameter injection.
 */
public final class NatsServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private final NatsServerOptions serverOptions;
  private final NatsClusterOptions clusterOptions;
  private final List<Connection> classConnections = new ArrayList<>();
  private final List<Connection> testConnections = new ArrayList<>();
  private NatsServer server;
  private NatsCluster cluster;
  private String owner;
  private boolean inTest;

  private NatsServerExtension(NatsServerOptions serverOptions, NatsClusterOptions clusterOptions) {
    this.serverOptions = serverOptions;
    this.clusterOptions = clusterOptions;
  }

  /** One JetStream server with default options. */
  public static NatsServerExtension singleNode() {
    return singleNode(NatsServerOptions.defaults());
  }

  /** One server with the given options, e.g. extra config lines. */
  public static NatsServerExtension singleNode(NatsServerOptions options) {
    return new NatsServerExtension(options, null);
  }

  /** A JetStream cluster of {@code nodes} nodes. */
  public static NatsServerExtension cluster(int nodes) {
    return cluster(NatsClusterOptions.builder().nodes(nodes).build());
  }

  /** A cluster with the given options. */
  public static NatsServerExtension cluster(NatsClusterOptions options) {
    return new NatsServerExtension(null, options);
  }

  /**
   * The running single server.
   *
   * @throws IllegalStateException if this extension runs a cluster, or before it started
   */
  public synchronized NatsServer server() {
    if (clusterOptions != null) {
      throw new IllegalStateException("this NatsServerExtension runs a cluster: use cluster() or cluster().node(i)");
    }
    return started(server);
  }

  /**
   * The running cluster.
   *
   * @throws IllegalStateException if this extension runs a single node, or before it started
   */
  public synchronized NatsCluster cluster() {
    if (clusterOptions == null) {
      throw new IllegalStateException("this NatsServerExtension runs a single node: use server()");
    }
    return started(cluster);
  }

  /** The connect string: the server's URL, or the comma-separated URLs of all cluster nodes. */
  public String url() {
    return clusterOptions != null ? cluster().urls() : server().url();
  }

  /**
   * Options for a client of this server: its URL(s), reconnecting forever every 100 ms (so clients
   * survive {@link NatsServer#kill()} and {@link NatsServer#restart()}), 5 s connection timeout.
   * For connections the test manages itself; {@link #connect()} uses the same settings.
   */
  public Options.Builder connectOptions() {
    return Options.builder().servers(url().split(",")).maxReconnects(-1).reconnectWait(Duration.ofMillis(100))
        .connectionTimeout(Duration.ofSeconds(5));
  }

  /** A new connection with {@link #connectOptions()}, closed after the test (or class) that opened it. */
  public Connection connect() {
    return connect(builder -> { });
  }

  /** A new tracked connection with {@link #connectOptions()} adjusted by {@code customizer}. */
  public Connection connect(Consumer<Options.Builder> customizer) {
    Options.Builder builder = connectOptions();
    customizer.accept(builder);
    try {
      Connection connection = Nats.connect(builder.build());
      track(connection);
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("could not connect to " + url(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + url(), e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    startIfNeeded(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    startIfNeeded(context);
    synchronized (this) {
      inTest = true;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<Connection> toClose;
    synchronized (this) {
      inTest = false;
      toClose = new ArrayList<>(testConnections);
      testConnections.clear();
    }
    closeAll(toClose);
    stopIfOwner(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopIfOwner(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Connection.class
        || (type == NatsServer.class && clusterOptions == null)
        || (type == NatsCluster.class && clusterOptions != null);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == Connection.class) {
      return connect();
    }
    return type == NatsCluster.class ? cluster() : server();
  }

  private synchronized void startIfNeeded(ExtensionContext context) {
    if (owner != null) {
      return;
    }
    if (clusterOptions != null) {
      cluster = NatsCluster.start(clusterOptions);
    } else {
      server = NatsServer.start(serverOptions);
    }
    owner = context.getUniqueId();
  }

  /** Stops only in the callback matching the context that started, so {@code @Nested} classes share the server. */
  private void stopIfOwner(ExtensionContext context) {
    List<Connection> toClose;
    AutoCloseable running;
    synchronized (this) {
      if (owner == null || !owner.equals(context.getUniqueId())) {
        return;
      }
      toClose = new ArrayList<>(classConnections);
      toClose.addAll(testConnections);
      classConnections.clear();
      testConnections.clear();
      running = cluster != null ? cluster : server;
      server = null;
      cluster = null;
      owner = null;
    }
    closeAll(toClose);
    closeQuietly(running);
  }

  private synchronized void track(Connection connection) {
    (inTest ? testConnections : classConnections).add(connection);
  }

  private <T> T started(T value) {
    if (value == null) {
      throw new IllegalStateException("NatsServerExtension is not started: register it with @RegisterExtension "
          + "on a static field (one server per class) or an instance field (one per test)");
    }
    return value;
  }

  private static void closeAll(List<Connection> connections) {
    connections.forEach(NatsServerExtension::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception ignored) {
      // closing after a test must not hide the test's own outcome
    }
  }
}
