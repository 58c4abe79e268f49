package dev.natsaga.saga.testdb;

import dev.natsaga.saga.jdbc.SagaDatabaseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** An H2 file database in a fresh temp directory, deleted on close. */
public final class H2TestDatabase implements TestDatabase {

  private final Path dir;

  public H2TestDatabase() {
    try {
      dir = Files.createTempDirectory("natsaga-h2-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public SagaDatabaseOptions options() {
    return SagaDatabaseOptions.builder().url("jdbc:h2:file:" + dir.resolve("saga") + ";LOCK_TIMEOUT=10000").poolSize(12).build();
  }

  @Override
  public String label() {
    return "H2 " + dir;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
