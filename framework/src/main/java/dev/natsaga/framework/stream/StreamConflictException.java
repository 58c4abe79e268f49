package dev.natsaga.framework.stream;

import java.util.List;

/** An existing stream whose configuration differs from what natsaga would create; never replaced silently. */
public final class StreamConflictException extends IllegalStateException {

  private static final long serialVersionUID = 1L;
  private final transient List<String> differences;

  public StreamConflictException(String stream, List<String> differences) {
    super("stream " + stream + " exists with a different configuration: " + String.join("; ", differences)
        + ". Change the settings to match, or update or delete the stream deliberately (nats stream edit/rm).");
    this.differences = List.copyOf(differences);
  }

  /** One line per differing field: {@code field: existing X, wanted Y}. */
  public List<String> differences() {
    return differences;
  }
}
