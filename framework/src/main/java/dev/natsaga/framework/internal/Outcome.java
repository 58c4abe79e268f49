package dev.natsaga.framework.internal;

/**
 * What became of one delivery: the metric tag {@link Kind#tag()}, and for a failure the dead-letter
 * reason (or null) and the error's type and message.
 *
 * @param kind acked, retried, dead-lettered, poison, skipped as a duplicate, or held (handed back unhandled while the
 *     handler's circuit is open)
 * @param reason the dead-letter reason header, or null
 * @param errorType the failure's class name (the {@code error.type} span attribute), or null
 * @param error the failure's message, or null
 */
public record Outcome(Kind kind, String reason, String errorType, String error) {

  /** The outcomes, with their metric tag values. */
  public enum Kind {
    ACKED("acked"), RETRIED("retried"), DEAD_LETTERED("dead_lettered"), POISON("poison"), SKIPPED_DUPLICATE("skipped_duplicate"),
    HELD("held");

    private final String tag;

    Kind(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  public static final Outcome ACKED = new Outcome(Kind.ACKED, null, null, null);
  public static final Outcome SKIPPED_DUPLICATE = new Outcome(Kind.SKIPPED_DUPLICATE, null, null, null);
  public static final Outcome HELD = new Outcome(Kind.HELD, null, null, null);

  static Outcome retried(Throwable e) {
    return new Outcome(Kind.RETRIED, null, e.getClass().getName(), e.getMessage());
  }

  /** Whether the message went to the dead-letter stream. */
  public boolean deadLettered() {
    return kind == Kind.DEAD_LETTERED || kind == Kind.POISON;
  }
}
