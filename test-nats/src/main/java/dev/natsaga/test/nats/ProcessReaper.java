package dev.natsaga.test.nats;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every nats-server this JVM started when the JVM exits, so that an aborted test run does not
 * leave orphaned servers holding ports and files.
 */
final class ProcessReaper {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "natsaga-nats-server-reaper"));
  }

  private ProcessReaper() {
  }

  static void register(Process process) {
    LIVE.add(process);
    process.onExit().thenRun(() -> LIVE.remove(process));
  }

  /** SIGKILL (or the platform's equivalent) to the process and anything it started. */
  static void killNow(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void killAll() {
    LIVE.forEach(ProcessReaper::killNow);
  }
}
