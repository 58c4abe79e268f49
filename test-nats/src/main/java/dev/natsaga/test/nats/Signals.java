package dev.natsaga.test.nats;

import java.io.IOException;
import java.time.Duration;

/**
 * POSIX signals the JDK cannot send itself (it only terminates processes): SIGSTOP and SIGCONT through {@code kill},
 * for pausing a process the way a long GC pause or a descheduled VM does.
 */
public final class Signals {

  private Signals() { }

  /** SIGSTOP to {@code pid}, a sleep of {@code duration}, then SIGCONT (also when the sleep is interrupted). */
  public static void pause(long pid, Duration duration) {
    send("STOP", pid);
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      send("CONT", pid);
    }
  }

  /** Sends {@code signal} (a name such as {@code STOP}) to {@code pid}; fails naming the pid when {@code kill} does. */
  public static void send(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes()).strip();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
    }
  }
}
