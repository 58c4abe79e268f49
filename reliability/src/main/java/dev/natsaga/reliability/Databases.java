package dev.natsaga.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The services' databases: H2 files in the run's folder (the default), or two PostgreSQL databases created for the
 * run on the machine's shared server at 127.0.0.1:5432 (user {@code postgres}, trust). The run reads them directly
 * after the services stopped (H2 allows one process per file), with the very JDBC URL the services were given.
 *
 * @param postgres   PostgreSQL databases (else H2 files)
 * @param bookingUrl the booking service's JDBC URL
 * @param paymentUrl the payment service's JDBC URL
 * @param bookingDb  the booking database's name on PostgreSQL (null for H2)
 * @param paymentDb  the payment database's name on PostgreSQL (null for H2)
 */
record Databases(boolean postgres, String bookingUrl, String paymentUrl, String bookingDb, String paymentDb) {

  static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PG_USER = "postgres";

  static Databases h2(Path workDir) {
    Path db = workDir.resolve("db").toAbsolutePath();
    String extra = System.getProperty("natsaga.reliability.h2.options", "");
    return new Databases(false, "jdbc:h2:file:" + db.resolve("booking") + ";LOCK_TIMEOUT=10000" + extra,
        "jdbc:h2:file:" + db.resolve("payment") + ";LOCK_TIMEOUT=10000" + extra, null, null);
  }

  /** Creates {@code natsaga_rel_<suffix>_booking} and {@code ..._payment} on the shared server. */
  static Databases postgres(String suffix) throws SQLException {
    String base = "natsaga_rel_" + suffix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String booking = base + "_booking";
    String payment = base + "_payment";
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + booking);
      s.execute("CREATE DATABASE " + payment);
    }
    return new Databases(true, "jdbc:postgresql://127.0.0.1:5432/" + booking, "jdbc:postgresql://127.0.0.1:5432/" + payment,
        booking, payment);
  }

  String user() {
    return postgres ? PG_USER : "sa";
  }

  Connection openBooking() throws SQLException {
    return DriverManager.getConnection(bookingUrl, user(), "");
  }

  Connection openPayment() throws SQLException {
    return DriverManager.getConnection(paymentUrl, user(), "");
  }

  /**
   * The database fault that is safe on a shared server: every session of the two run databases is terminated
   * ({@code pg_terminate_backend}), as a database crash looks to the services. @return how many sessions ended
   */
  int terminateServiceSessions() throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
         PreparedStatement ps = c.prepareStatement(
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname IN (?, ?) AND pid <> pg_backend_pid()")) {
      ps.setString(1, bookingDb);
      ps.setString(2, paymentDb);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Client sessions of other databases than the run's (someone else uses the shared server). */
  List<String> foreignSessions() throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
         PreparedStatement ps = c.prepareStatement("SELECT datname, application_name, client_addr FROM pg_stat_activity "
             + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND (datname IS NULL OR datname NOT IN (?, ?))")) {
      ps.setString(1, bookingDb);
      ps.setString(2, paymentDb);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3));
        }
      }
    }
    return found;
  }

  /** Drops the two run databases (PostgreSQL only). */
  void dropPostgres() {
    if (!postgres) {
      return;
    }
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, ""); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + bookingDb + " WITH (FORCE)");
      s.execute("DROP DATABASE IF EXISTS " + paymentDb + " WITH (FORCE)");
    } catch (SQLException e) {
      System.out.println("could not drop the run databases " + bookingDb + ", " + paymentDb + ": " + e.getMessage());
    }
  }

  String describe() {
    return postgres ? "PostgreSQL " + bookingDb + ", " + paymentDb : "H2 " + bookingUrl + " | " + paymentUrl;
  }
}
