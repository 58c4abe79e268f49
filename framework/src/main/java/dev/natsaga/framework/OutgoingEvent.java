package dev.natsaga.framework;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An event or command to publish: its type, data and the attributes the caller chooses. Everything
 * else (id, source, time, content type, correlation) is filled in by the publisher.
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

  private final EventType type;
  private final T data;
  private final String id;
  private final String subject;
  private final ContentMode mode;
  private final OffsetDateTime time;
  private final Map<String, String> extensions;

  private OutgoingEvent(Builder<T> b) {
    this.type = b.type;
    this.data = b.data;
    this.id = b.id != null ? b.id : UUID.randomUUID().toString();
    this.subject = b.subject;
    this.mode = b.mode;
    this.time = b.time;
    this.extensions = Map.copyOf(b.extensions);
  }

  /**
   * Starts an outgoing message of the given type; the type's shape is validated here and its kind inferred from its
   * action. Prefer {@link #event(String, Object)} or {@link #command(String, Object)}, which also check the kind.
   */
  public static <T> Builder<T> of(String type, T data) {
    return of(EventType.parse(type), data);
  }

  /** Starts an event: a fact, whose action must be past tense ({@code confirmed}); {@link InvalidTypeException} otherwise. */
  public static <T> Builder<T> event(String type, T data) {
    return of(EventType.event(type), data);
  }

  /** Starts a command: a request, whose action must be imperative ({@code authorize}); {@link InvalidTypeException} otherwise. */
  public static <T> Builder<T> command(String type, T data) {
    return of(EventType.command(type), data);
  }

  /** Starts an outgoing message of the given type. */
  public static <T> Builder<T> of(EventType type, T data) {
    return new Builder<>(type, data);
  }

  /** @return a builder holding everything this event holds (the same id), to derive a changed copy */
  public Builder<T> toBuilder() {
    Builder<T> b = new Builder<>(type, data);
    b.id = id;
    b.subject = subject;
    b.mode = mode;
    b.time = time;
    b.extensions.putAll(extensions);
    return b;
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

    private final EventType type;
    private final T data;
    private String id;
    private String subject;
    private ContentMode mode;
    private OffsetDateTime time;
    private final Map<String, String> extensions = new LinkedHashMap<>();

    private Builder(EventType type, T data) {
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
