package dev.natsaga.framework;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated message type name of the form {@code {domain}.{entity}.{action}.v{N}}, e.g.
 * {@code booking.appointment.confirmed.v1}.
 *
 * <p>Each part is lower case ({@code a-z}, digits and hyphens, starting with a letter); the version is
 * {@code v} followed by a positive integer. Events are facts, so their action is past tense
 * ({@code confirmed}, {@code authorized}); commands are requests, so their action is imperative
 * ({@code authorize}, {@code void}). Everything that publishes or handles a type checks its kind with
 * {@link #event(String)}, {@link #command(String)} or {@link #of(MessageKind, String)}; {@link #parse(String)}
 * accepts both and is for reading a type that arrived (its {@link #kind()} is inferred from the action's last
 * hyphenated word). An action whose past tense is the same word ({@code reset}, {@code set}) is accepted by both.
 *
 * <pre>{@code
 * EventType confirmed = EventType.event("booking.appointment.confirmed.v1");
 * confirmed.domain();   // "booking"
 * EventType authorize = EventType.command("payment.transaction.authorize.v1");
 * }</pre>
 */
public final class EventType {

  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern VERSION = Pattern.compile("v([1-9][0-9]{0,5})");
  private static final Pattern TYPE = Pattern.compile("([^.]*)\\.([^.]*)\\.([^.]*)\\.([^.]*)");
  private static final Set<String> IRREGULAR_PAST = Set.of(
      "sent", "paid", "held", "made", "done", "built", "taken", "lost", "found", "given", "bought",
      "sold", "won", "begun", "written", "thrown", "shown", "known", "seen", "chosen", "frozen",
      "broken", "spoken", "stolen", "forgotten", "hidden", "drawn", "grown", "withdrawn", "undone",
      "kept", "left", "met", "bound", "spent", "lent", "dealt", "meant", "rebuilt", "understood",
      "overridden", "rewritten", "torn", "worn", "sworn", "repaid", "prepaid", "overpaid", "underpaid",
      "brought", "caught", "taught", "told", "sought", "fought", "heard", "got", "gotten", "driven",
      "ridden", "risen", "fallen", "eaten", "shaken", "woken", "struck", "stuck", "hung", "slept", "swept",
      "felt", "upheld", "withheld", "resold", "resent", "rewound", "unbound", "mistaken", "forgiven");
  /** Imperative verbs that happen to end in "ed"; their past tense is e.g. "embedded", "proceeded". */
  private static final Set<String> IMPERATIVE_ED = Set.of(
      "embed", "proceed", "succeed", "exceed", "seed", "feed", "need", "speed", "breed", "bleed", "shred",
      "heed", "weed", "reseed", "refeed", "unembed");
  /** Verbs whose past tense is the same word: {@link #kind()} says event, but both kinds accept them. */
  private static final Set<String> SAME_PAST = Set.of(
      "shut", "split", "rerun", "reset", "set", "put", "cut", "read", "reread", "quit", "upset", "cast",
      "broadcast", "forecast", "hit", "let", "bet", "spread", "preset", "unset", "offset");
  /** The domain reserved for dead letters ({@code {env}.dlq.>}). */
  static final String RESERVED_DLQ_DOMAIN = "dlq";
  /** The domain reserved for core-NATS request-reply ({@code {env}.rpc.>}), which no stream captures. */
  static final String RESERVED_RPC_DOMAIN = "rpc";

  /** Valid types seen so far: parsing is on every publish and delivery, and a service uses few types. */
  private static final java.util.concurrent.ConcurrentHashMap<String, EventType> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
  /** Bounds the cache, so a stream of distinct (hostile) type names cannot grow it without end. */
  private static final int CACHE_LIMIT = 4096;

  private final String domain;
  private final String entity;
  private final String action;
  private final int version;
  private final String name;

  private EventType(String domain, String entity, String action, int version, String name) {
    this.domain = domain;
    this.entity = entity;
    this.action = action;
    this.version = version;
    this.name = name;
  }

  /** Parses and validates a type name of either kind. */
  public static EventType parse(String name) {
    EventType cached = name == null ? null : CACHE.get(name);
    if (cached != null) {
      return cached;
    }
    EventType parsed = parseUncached(name);
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.putIfAbsent(name, parsed);
    }
    return parsed;
  }

  private static EventType parseUncached(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidTypeException(name, "a type name is required ({domain}.{entity}.{action}.v{N})");
    }
    Matcher m = TYPE.matcher(name);
    if (!m.matches()) {
      throw new InvalidTypeException(name,
          "must have exactly four dot-separated parts {domain}.{entity}.{action}.v{N}, e.g. booking.appointment.confirmed.v1");
    }
    checkPart(name, "domain", m.group(1));
    checkPart(name, "entity", m.group(2));
    checkPart(name, "action", m.group(3));
    if (RESERVED_DLQ_DOMAIN.equals(m.group(1))) {
      throw new InvalidTypeException(name, "domain 'dlq' is reserved for dead letters");
    }
    if (RESERVED_RPC_DOMAIN.equals(m.group(1))) {
      throw new InvalidTypeException(name, "domain 'rpc' is reserved for request-reply subjects");
    }
    Matcher v = VERSION.matcher(m.group(4));
    if (!v.matches()) {
      throw new InvalidTypeException(name, "the version part must be 'v' and a positive integer, e.g. v1 (was '" + m.group(4) + "')");
    }
    return new EventType(m.group(1), m.group(2), m.group(3), Integer.parseInt(v.group(1)), name);
  }

  /** Parses a type that must be an event: its action is past tense. */
  public static EventType event(String name) {
    EventType type = parse(name);
    if (type.kind() != MessageKind.EVENT) {
      throw new InvalidTypeException(name, "an event is a fact: its action must be past tense (e.g. 'confirmed'), was '"
          + type.action + "'; a request to do something is a command (imperative action, sent as a command)");
    }
    return type;
  }

  /** Parses a type that must be a command: its action is imperative. */
  public static EventType command(String name) {
    EventType type = parse(name);
    if (type.kind() != MessageKind.COMMAND && !SAME_PAST.contains(type.lastWord())) {
      throw new InvalidTypeException(name, "a command is a request: its action must be imperative (e.g. 'authorize'), was '"
          + type.action + "'; a fact that happened is an event (past-tense action, sent as an event)");
    }
    return type;
  }

  /**
   * Parses a type that must be of {@code kind}: {@link #event(String)} for {@link MessageKind#EVENT},
   * {@link #command(String)} for {@link MessageKind#COMMAND}. For generic code that carries the kind with the type
   * (an outbox row, a test kit).
   */
  public static EventType of(MessageKind kind, String name) {
    switch (java.util.Objects.requireNonNull(kind, "kind")) {
      case EVENT:
        return event(name);
      case COMMAND:
        return command(name);
      default:
        throw new IllegalArgumentException("unknown message kind " + kind);
    }
  }

  /** @return this type, checked to be of {@code kind} ({@link InvalidTypeException} naming the rule otherwise) */
  public EventType requireKind(MessageKind kind) {
    return of(kind, name);
  }

  private static void checkPart(String name, String part, String value) {
    if (value.isEmpty()) {
      throw new InvalidTypeException(name, "the " + part + " part is empty ({domain}.{entity}.{action}.v{N})");
    }
    if (!PART.matcher(value).matches()) {
      throw new InvalidTypeException(name,
          "the " + part + " part '" + value + "' must be lower case letters, digits or hyphens, starting with a letter");
    }
  }

  /** Whether this type names an event (past-tense action) or a command (imperative action). */
  public MessageKind kind() {
    String lastWord = lastWord();
    boolean past = (lastWord.endsWith("ed") && !IMPERATIVE_ED.contains(lastWord))
        || IRREGULAR_PAST.contains(lastWord) || SAME_PAST.contains(lastWord);
    return past ? MessageKind.EVENT : MessageKind.COMMAND;
  }

  private String lastWord() {
    return action.substring(action.lastIndexOf('-') + 1);
  }

  public String domain() {
    return domain;
  }

  public String entity() {
    return entity;
  }

  public String action() {
    return action;
  }

  public int version() {
    return version;
  }

  /** The full type name, e.g. {@code booking.appointment.confirmed.v1}. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventType && ((EventType) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name);
  }
}
