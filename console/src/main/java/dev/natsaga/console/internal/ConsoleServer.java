package dev.natsaga.console.internal;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jetty with one connector and the console's {@link Dispatcher}; provisions the {@code ops} stream first. */
public final class ConsoleServer {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

  private final ConsoleContext context;
  private final Server server = new Server();
  private final ServerConnector connector;

  public ConsoleServer(ConsoleContext context, String host, int port) {
    this.context = context;
    this.connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    Sessions sessions = new Sessions();
    server.setHandler(new Dispatcher(routes(context, sessions), sessions, context.users()));
  }

  private static Router routes(ConsoleContext context, Sessions sessions) {
    Router router = new Router();
    AuditTrail audit = new AuditTrail(context);
    new Assets().routes(router);
    new SignIn(context.users(), sessions).routes(router);
    new SagaPages(context, audit).routes(router);
    new DeadLetterPages(context, audit).routes(router);
    new StreamPages(context).routes(router);
    return router;
  }

  public void start() {
    try {
      AuditTrail.provision(context);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the console could not start on " + connector.getHost() + ":" + connector.getPort()
          + " (set CONSOLE_PORT to a free port): " + e.getMessage(), e);
    }
    LOG.info("console serving environment {} at {}", context.environment().name(), uri());
  }

  public URI uri() {
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  public void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("console did not stop cleanly: {}", e.toString());
    }
  }
}
