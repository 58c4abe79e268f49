package dev.natsaga.saga.jdbc;

import static dev.natsaga.saga.jdbc.Columns.setInstant;
import static dev.natsaga.saga.jdbc.Columns.setUuid;

import dev.natsaga.saga.SagaStatus;
import dev.natsaga.saga.SagaView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The operator's saga listing: newest first, filtered by type, status and creation time, searched by id or caller key,
 * and keyset-paged (each page starts after the last row of the previous one), so page 1,000 costs what page 1 costs
 * over millions of rows. The indexes of migration V3 serve each filter. Read-only; the operations console and the
 * {@code natsaga} command line use it.
 *
 * <pre>{@code
 * SagaSearch search = new SagaSearch(store.dataSource());
 * SagaSearch.Slice first = search.find(SagaSearch.Filter.ANY.withStatus(SagaStatus.COMPENSATION_FAILED), null, 50);
 * SagaSearch.Slice next = search.find(filter, first.next(), 50);   // next() is null on the last page
 * }</pre>
 */
public final class SagaSearch {

  /** The largest page. */
  public static final int MAX_LIMIT = 500;

  private final DataSource dataSource;

  public SagaSearch(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * What to list; every field is optional (null = no condition).
   *
   * @param sagaType      exact saga type
   * @param status        exact status
   * @param createdFrom   created at or after
   * @param createdBefore created before
   * @param text          a saga id (when it parses as a UUID) or else an exact caller key
   */
  public record Filter(String sagaType, SagaStatus status, Instant createdFrom, Instant createdBefore, String text) {

    /** No condition: every saga. */
    public static final Filter ANY = new Filter(null, null, null, null, null);

    public Filter {
      sagaType = blankToNull(sagaType);
      text = blankToNull(text);
    }

    public Filter withStatus(SagaStatus value) {
      return new Filter(sagaType, value, createdFrom, createdBefore, text);
    }

    public Filter withType(String value) {
      return new Filter(value, status, createdFrom, createdBefore, text);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  /**
   * Where a page starts: after the saga created at {@code createdAt} with id {@code id}.
   *
   * @param createdAt the last row's creation time
   * @param id        the last row's id
   */
  public record Cursor(Instant createdAt, UUID id) {

    /** @return the cursor as one URL-safe token, e.g. {@code 2026-12-01T10:00:00.123456Z_5f0c...} */
    public String token() {
      return createdAt + "_" + id;
    }

    /** @throws IllegalArgumentException naming the token when it is not one {@link #token()} made */
    public static Cursor parse(String token) {
      int cut = token == null ? -1 : token.lastIndexOf('_');
      try {
        return new Cursor(Instant.parse(token.substring(0, cut)), UUID.fromString(token.substring(cut + 1)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("page cursor '" + token + "' is not one this listing made (time_uuid)", e);
      }
    }
  }

  /**
   * One page.
   *
   * @param items the sagas, newest first, without step logs
   * @param next  where the next page starts, null when this is the last
   */
  public record Slice(List<SagaView> items, Cursor next) {
    public Slice {
      items = List.copyOf(items);
    }
  }

  /**
   * @param after null for the first page
   * @param limit 1..{@value #MAX_LIMIT}
   */
  public Slice find(Filter filter, Cursor after, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    Query q = new Query(filter, after, limit + 1);
    List<SagaView> rows = Jdbc.run("list sagas", () -> {
      try (Connection c = dataSource.getConnection()) {
        return Jdbc.query(c, q.sql(), q::bind, rs -> SagaView.of(Rows.instance(rs), List.of()));
      }
    });
    if (rows.size() <= limit) {
      return new Slice(rows, null);
    }
    SagaView last = rows.get(limit - 1);
    return new Slice(rows.subList(0, limit), new Cursor(last.createdAt(), last.id()));
  }

  /** The statement for one filter and cursor, with its parameters in order. */
  private static final class Query {
    private final StringBuilder sql = new StringBuilder("SELECT " + SagaSql.INSTANCE_COLUMNS + " FROM saga_instance WHERE 1 = 1");
    private final List<Object> params = new ArrayList<>();

    Query(Filter f, Cursor after, int rows) {
      condition(f.sagaType(), " AND saga_type = ?");
      condition(f.status() == null ? null : f.status().name(), " AND status = ?");
      condition(f.createdFrom(), " AND created_at >= ?");
      condition(f.createdBefore(), " AND created_at < ?");
      UUID id = uuidOrNull(f.text());
      condition(id, " AND id = ?");
      condition(id == null ? f.text() : null, " AND caller_key = ?");
      if (after != null) {
        // the first conjunct is a range the index walk starts from; the second drops the rows up to the cursor
        sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
        params.add(after.createdAt());
        params.add(after.createdAt());
        params.add(after.id());
      }
      // leading equality columns change nothing in the order, but let H2 read the page off the matching V3 index
      sql.append(" ORDER BY ").append(f.sagaType() == null ? "" : "saga_type, ").append(f.status() == null ? "" : "status, ")
          .append("created_at DESC, id DESC LIMIT ").append(rows);
    }

    private void condition(Object value, String clause) {
      if (value != null) {
        sql.append(clause);
        params.add(value);
      }
    }

    String sql() {
      return sql.toString();
    }

    void bind(PreparedStatement ps) throws SQLException {
      for (int i = 0; i < params.size(); i++) {
        Object p = params.get(i);
        if (p instanceof Instant at) {
          setInstant(ps, i + 1, at);
        } else if (p instanceof UUID u) {
          setUuid(ps, i + 1, u);
        } else {
          ps.setString(i + 1, (String) p);
        }
      }
    }

    private static UUID uuidOrNull(String text) {
      if (text == null || text.length() != 36) {
        return null;
      }
      try {
        return UUID.fromString(text);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
