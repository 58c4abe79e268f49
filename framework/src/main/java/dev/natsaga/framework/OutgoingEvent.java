package dev.natsaga.framework;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An event or command to publish: its kind, type, data and the attributes the caller chooses. Everything
 * else (id, source, time, content type, correlation) is filled in by the publisher.
 *
 * <p>The kind is always checked when the message is started: {@link #event} takes a past-tense type (a fact),
 * {@link #command} an imperative one (a request), and {@link #of(MessageKind, String, Object)} either, for generic
 * code that carries the kind with the type. A type of the wrong kind is refused with an
 * {@link InvalidTypeException} naming the type and the rule, so nothing publishes a type without its kind checked.
 *
 * <pre>{@code
 * publisher.publish(OutgoingEvent.event("booking.appointment.confirmed.v1", confirmed)
 *     .subject(bookingId)
 *     .build());
 * }</pre>
 *
 * @param <T> the payload type, serialized with Jackson
 */
public final class OutgoingEvent<T> {

  private final MessageKind kind;
  private final EventType type;
  private final T data;
  private final String id;
  private final String subject;
  private final ContentMode mode;
  private final OffsetDateTime time;
  private final Map<String, String> extensions;

  private OutgoingEvent(Builder<T> b) {
    this.kind = b.kind;
    this.type = b.type;
    this.data = b.data;
    this.id = b.id != null ? b.id : UUID.randomUUID().toString();
    this.subject = b.subject;
    this.mode = b.mode;
    this.time = b.time;
    this.extensions = Map.copyOf(b.extensions);
  }

  /** Starts an event: a fact, whose action must be past tense ({@code confirmed}); {@link InvalidTypeException} otherwise. */
  public static <T> Builder<T> event(String type, T data) {
    return of(MessageKind.EVENT, type, data);
  }

  /** Starts an event of an already parsed type; its kind is checked as by {@link #event(String, Object)}. */
  public static <T> Builder<T> event(EventType type, T data) {
    return of(MessageKind.EVENT, type, data);
  }

  /** Starts a command: a request, whose action must be imperative ({@code authorize}); {@link InvalidTypeException} otherwise. */
  public static <T> Builder<T> command(String type, T data) {
    return of(MessageKind.COMMAND, type, data);
  }

  /** Starts a command of an already parsed type; its kind is checked as by {@link #command(String, Object)}. */
  public static <T> Builder<T> command(EventType type, T data) {
    return of(MessageKind.COMMAND, type, data);
  }

  /**
   * Starts a message of {@code kind}, for generic code that carries the kind with the type (e.g. an outbox row):
   * {@link InvalidTypeException} naming the type and the rule when the type is not of that kind.
   */
  public static <T> Builder<T> of(MessageKind kind, String type, T data) {
    return new Builder<>(kind, EventType.of(kind, type), data);
  }

  /** Starts a message of {@code kind} of an already parsed type; see {@link #of(MessageKind, String, Object)}. */
  public static <T> Builder<T> of(MessageKind kind, EventType type, T data) {
    return new Builder<>(kind, Objects.requireNonNull(type, "type").requireKind(kind), data);
  }

  /** @return a builder holding everything this event holds (the same id), to derive a changed copy */
  public Builder<T> toBuilder() {
    Builder<T> b = new Builder<>(kind, type, data);
    b.id = id;
    b.subject = subject;
    b.mode = mode;
    b.time = time;
    b.extensions.putAll(extensions);
    return b;
  }

  /** Whether this is an event (a fact) or a command (a request), as declared when it was started and checked. */
  public MessageKind kind() {
    return kind;
  }

  public EventType type() {
    return type;
  }

  public T data() {
    return data;
  }

  /** The event id (a UUID unless set); with the source, it gives the {@code Nats-Msg-Id}. */
  public String id() {
    return id;
  }

  public String subject() {
    return subject;
  }

  /** The content mode, or null for the publisher's default. */
  public ContentMode mode() {
    return mode;
  }

  /** The CloudEvents {@code time} the caller set (e.g. when the occurrence was recorded), or null for "now" at publish. */
  public OffsetDateTime time() {
    return time;
  }

  /** Extension attributes set by the caller (correlation ones override the inherited values). */
  public Map<String, String> extensions() {
    return extensions;
  }

  /**
   * Builds an {@link OutgoingEvent}.
   *
   * @param <T> the payload type
   */
  public static final class Builder<T> {
    private static final Set<String> CORE_ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time",
        "subject", "datacontenttype", "dataschema", "data");

    private final MessageKind kind;
    private final EventType type;
    private final T data;
    private String id;
    private String subject;
    private ContentMode mode;
    private OffsetDateTime time;
    private final Map<String, String> extensions = new LinkedHashMap<>();

    private Builder(MessageKind kind, EventType type, T data) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.type = Objects.requireNonNull(type, "type");
      this.data = data;
    }

    /** Sets the event id; it must be a UUID in its canonical 8-4-4-4-12 hex form. */
    public Builder<T> id(String id) {
      Objects.requireNonNull(id, "id");
      boolean uuid;
      try {
        uuid = UUID.fromString(id).toString().equalsIgnoreCase(id);
      } catch (IllegalArgumentException e) {
        uuid = false;
      }
      if (!uuid) {
        throw new IllegalArgumentException("invalid event id '" + id + "': must be a UUID, e.g. " + UUID.randomUUID());
      }
      this.id = id;
      return this;
    }

    /** The aggregate or resource id the event is about. */
    public Builder<T> subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder<T> mode(ContentMode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Sets the CloudEvents {@code time}: when the occurrence happened. Default: the moment of publishing. The
     * outbox sets it to when the event was written, so a relay that publishes later does not move it.
     */
    public Builder<T> time(OffsetDateTime time) {
      this.time = time;
      return this;
    }

    public Builder<T> correlationId(String correlationId) {
      return extension(Extensions.CORRELATION_ID, correlationId);
    }

    public Builder<T> causationId(String causationId) {
      return extension(Extensions.CAUSATION_ID, causationId);
    }

    /** Inherits correlation from an event: its correlation id (or its id) and causation = its id. */
    public Builder<T> causedBy(Event<?> cause) {
      correlationId(cause.correlationId() != null ? cause.correlationId() : cause.id());
      return causationId(cause.id());
    }

    /** Sets an extension attribute (name lower case letters and digits, as CloudEvents requires). */
    public Builder<T> extension(String name, String value) {
      if (!isExtensionName(name)) {
        throw new IllegalArgumentException("invalid CloudEvents extension name '" + name + "': use 1-20 lower case letters or digits");
      }
      if (CORE_ATTRIBUTES.contains(name)) {
        throw new IllegalArgumentException("invalid CloudEvents extension name '" + name + "': reserved for a core attribute");
      }
      if (value == null) {
        extensions.remove(name);
      } else {
        extensions.put(name, value);
      }
      return this;
    }

    /** 1-20 lower case letters or digits; a loop, not a regex: every event with an extension passes here. */
    private static boolean isExtensionName(String name) {
      if (name == null || name.isEmpty() || name.length() > 20) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
          return false;
        }
      }
      return true;
    }

    public OutgoingEvent<T> build() {
      return new OutgoingEvent<>(this);
    }
  }
}
