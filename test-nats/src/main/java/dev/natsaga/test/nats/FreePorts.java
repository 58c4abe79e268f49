package dev.natsaga.test.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks distinct free TCP ports on the loopback interface; never the well-known NATS port 4222. */
final class FreePorts {

  private static final int NATS_DEFAULT_PORT = 4222;

  private FreePorts() {
  }

  /** {@code count} distinct ports that were free a moment ago (all held open together, then released). */
  static int[] pick(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = open();
        while (socket.getLocalPort() == NATS_DEFAULT_PORT) {
          held.add(socket);
          socket = open();
        }
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("could not find free TCP ports on 127.0.0.1", e);
    } finally {
      held.forEach(FreePorts::closeQuietly);
    }
  }

  private static ServerSocket open() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // the port is released either way
    }
  }
}
