package dev.natsaga.bench;

import dev.natsaga.sample.support.ServiceEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The databases of one saga fixture's two services, fresh per fixture and removed on {@link #close()}: H2 files in a
 * temp folder (the URL the samples make of their default, {@link ServiceEnvironment#durableH2}, so the bench's own
 * connections open the same database), or two new PostgreSQL databases on {@value #PG_HOST} (trust auth, user {@code postgres} or the
 * current user), dropped afterwards.
 */
final class SagaDatabases implements AutoCloseable {

  static final String PG_HOST = "127.0.0.1:5432";

  private final String kind;
  private final String bookingUrl;
  private final String paymentUrl;
  private final String user;
  private final Path dir;
  private final String pgAdminUrl;

  private SagaDatabases(String kind, String bookingUrl, String paymentUrl, String user, Path dir, String pgAdminUrl) {
    this.kind = kind;
    this.bookingUrl = bookingUrl;
    this.paymentUrl = paymentUrl;
    this.user = user;
    this.dir = dir;
    this.pgAdminUrl = pgAdminUrl;
  }

  /** Two H2 file databases in a new temp folder. */
  static SagaDatabases h2() throws IOException {
    Path dir = Files.createTempDirectory("natsaga-bench-saga-");
    return new SagaDatabases("H2", h2Url(dir.resolve("booking")), h2Url(dir.resolve("payment")), "sa", dir, null);
  }

  /**
   * The URL the samples make of their default one ({@code LOCK_TIMEOUT=10000}) for a file at {@code path}; the system
   * property {@code natsaga.bench.h2.options} appends settings (e.g. {@code ;WRITE_DELAY=0}: a file write per commit
   * instead of the samples' group commit).
   */
  private static String h2Url(Path path) {
    return ServiceEnvironment.durableH2("jdbc:h2:file:" + path + ";LOCK_TIMEOUT=10000" + System.getProperty("natsaga.bench.h2.options", ""));
  }

  /** Two new PostgreSQL databases named after {@code name} ({@code name_booking}, {@code name_payment}). */
  static SagaDatabases postgres(String name, String user) throws SQLException {
    String admin = "jdbc:postgresql://" + PG_HOST + "/test";
    try (Connection c = DriverManager.getConnection(admin, user, ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + "_booking");
      s.execute("CREATE DATABASE " + name + "_payment");
    }
    String base = "jdbc:postgresql://" + PG_HOST + "/" + name;
    return new SagaDatabases("PostgreSQL", base + "_booking", base + "_payment", user, null, admin);
  }

  /** The PostgreSQL user that can log in to database {@code test}, or why none can. */
  static PgLogin postgresLogin() {
    String url = "jdbc:postgresql://" + PG_HOST + "/test?connectTimeout=2";
    String error = null;
    for (String user : new String[] {"postgres", System.getProperty("user.name")}) {
      try (Connection c = DriverManager.getConnection(url, user, "")) {
        return new PgLogin(Optional.of(user), null);
      } catch (SQLException e) {
        error = e.getMessage();
      }
    }
    return new PgLogin(Optional.empty(), "PostgreSQL not reachable at " + PG_HOST + "/test (" + error + ")");
  }

  /** A user that can log in, or the reason there is none. */
  record PgLogin(Optional<String> user, String reason) {
  }

  String kind() {
    return kind;
  }

  /** The services' database settings. */
  Map<String, String> settings() {
    return Map.of("BOOKING_DB_URL", bookingUrl, "BOOKING_DB_USER", user, "PAYMENT_DB_URL", paymentUrl, "PAYMENT_DB_USER", user);
  }

  String bookingUrl() {
    return bookingUrl;
  }

  String paymentUrl() {
    return paymentUrl;
  }

  String user() {
    return user;
  }

  /** The PostgreSQL database a {@code jdbc:postgresql://host/name} URL names. */
  static String databaseName(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** A connection of the bench's own to the booking database (which holds the saga store). */
  Connection booking() throws SQLException {
    return DriverManager.getConnection(bookingUrl, user, "");
  }

  @Override
  public void close() throws SQLException {
    if (pgAdminUrl != null) {
      try (Connection c = DriverManager.getConnection(pgAdminUrl, user, ""); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + databaseName(bookingUrl) + " WITH (FORCE)");
        s.execute("DROP DATABASE IF EXISTS " + databaseName(paymentUrl) + " WITH (FORCE)");
      }
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
