package dev.natsaga.console;

/**
 * Runs the console on its own until the process is stopped; see {@link StandaloneConsole} for the settings.
 *
 * <pre>{@code
 * NATS_URL=nats://127.0.0.1:4222 SAGA_DB_URL=jdbc:postgresql://db/booking CONSOLE_USERS=alice:operator:s3cret-pass \
 *   java -cp natsaga-console.jar dev.natsaga.console.ConsoleMain
 * }</pre>
 */
public final class ConsoleMain {

  private ConsoleMain() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", System.getProperty("logback.configurationFile",
        "natsaga-console-logback.xml"));
    StandaloneConsole running = StandaloneConsole.start(StandaloneConsole.environment());
    System.out.println("natsaga console at " + running.console().uri());
    running.awaitShutdown();
  }
}
