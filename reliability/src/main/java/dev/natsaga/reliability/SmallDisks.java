package dev.natsaga.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Small file systems for the full-disk run: a tmpfs of {@value #SIZE_MB} MB mounted on a folder of the run (the
 * nats-server store, the services' H2 databases; the databases get {@value #FULL_RUN_DB_SIZE_MB} MB in a full run, whose
 * 2,400 bookings alone would fill 64 MB several times over), filled to the last byte by a fault and freed again. Mounting needs
 * root (or CAP_SYS_ADMIN), as CI and this machine have. When the run ends the contents are copied back onto the real
 * disk and the tmpfs unmounted, so a failing run keeps its databases for inspection.
 */
final class SmallDisks implements AutoCloseable {

  static final int SIZE_MB = 64;
  /**
   * The databases' file system in a full run: H2 compacts only at close, and in the first full run the booking file
   * alone reached 329 MB by 2,173 bookings and filled a 384 MB file system for good.
   */
  static final int FULL_RUN_DB_SIZE_MB = 1024;
  private static final String FILLER = ".disk-filler";
  private final List<Path> mounts = new ArrayList<>();

  /** Mounts a fresh tmpfs of {@code sizeMb} MB on {@code dir} (created if missing); fails naming the command and what it needs. */
  Path mount(Path dir, int sizeMb) {
    try {
      Files.createDirectories(dir);
      run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m", "tmpfs", dir.toString());
      mounts.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a filler file into {@code dir} until its file system is full; returns the bytes written. */
  static long fill(Path dir) {
    byte[] chunk = new byte[1 << 20];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER))) {
      while (true) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException full) {
      return written;    // ENOSPC: the disk is full, which is the point
    }
  }

  /** Deletes the filler: the file system has room again. */
  static void free(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILLER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Path dir : mounts) {
      try {
        free(dir);
        Path saved = dir.resolveSibling(dir.getFileName() + ".saved");
        copy(dir, saved);
        run("umount", dir.toString());
        try (Stream<Path> children = Files.list(saved)) {
          for (Path child : children.toList()) {
            Files.move(child, dir.resolve(child.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.delete(saved);
      } catch (IOException | RuntimeException e) {
        System.out.println("  could not unmount " + dir + ": " + e.getMessage());
      }
    }
    mounts.clear();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out
            + " (the full-disk run mounts small tmpfs file systems: it needs root or CAP_SYS_ADMIN)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }
}
