package dev.natsaga.sample.support.guice;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import dev.natsaga.framework.config.ConfigException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both samples' {@code main} and start-up share: start the service or stop the process with the reason, close
 * it on SIGTERM, build the injector with the first cause of a failure, and name the problem of a failure.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   ServiceLauncher.main("payment", () -> start(Map.of()));
 * }
 * }</pre>
 */
public final class ServiceLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {
  }

  /**
   * Starts the service; a failure is logged once as {@code <service> service failed to start: <reason>} (the
   * stack trace at DEBUG) and the process exits with 1. A started service is closed by a shutdown hook (SIGTERM, Ctrl-C).
   */
  public static void main(String service, Supplier<? extends AutoCloseable> start) {
    AutoCloseable app;
    try {
      app = start.get();
    } catch (RuntimeException e) {
      LOG.error("{} service failed to start: {}", service, describe(e)); // once: the message names the setting or the fix
      LOG.debug("start-up failure (stack trace)", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(service, app), service + "-shutdown"));
  }

  private static void close(String service, AutoCloseable app) {
    try {
      app.close();
    } catch (Exception e) {
      LOG.warn("{} service: closing failed: {}", service, e.toString());
    }
  }

  /** The injector; a module's failure is thrown as its cause (a {@link ConfigException} names the setting). */
  public static Injector injector(Module... modules) {
    try {
      return Guice.createInjector(modules);
    } catch (CreationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    }
  }

  /** The message that names the problem: a bad setting's, else the innermost one (Guice and Hikari wrap it). */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException) {
        return t.getMessage();
      }
    }
    Throwable t = e;
    while ((t instanceof CreationException || t instanceof ProvisionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
