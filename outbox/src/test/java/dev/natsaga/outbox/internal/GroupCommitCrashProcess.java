package dev.natsaga.outbox.internal;

import dev.natsaga.outbox.Durability;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Commits rows one transaction each into an H2 file database with a long write delay and reports each id on
 * standard output once it may be relied on, until killed: with {@code durable} after {@link Durability#awaitDurable()},
 * with {@code committed} right after the commit. Arguments: JDBC URL, mode ({@code durable} or {@code committed}).
 */
public final class GroupCommitCrashProcess {

  private GroupCommitCrashProcess() {
  }

  public static void main(String[] args) throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(args[0]);
    h2.setUser("sa");
    boolean durable = args[1].equals("durable");
    Durability durability = Durability.of(h2);
    PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[2])), true);
    try (Connection c = h2.getConnection()) {
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS effects(id INT PRIMARY KEY, body VARCHAR(200))");
      c.createStatement().execute("CHECKPOINT"); // the table itself survives in both modes
      c.setAutoCommit(false);
      PreparedStatement insert = c.prepareStatement("INSERT INTO effects VALUES (?, ?)");
      for (int id = 1; ; id++) {
        insert.setInt(1, id);
        insert.setString(2, "effect " + id);
        insert.executeUpdate();
        c.commit();
        if (durable) {
          durability.awaitDurable();
        }
        out.println(id);
      }
    }
  }
}
