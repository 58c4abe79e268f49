package dev.natsaga.framework;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The deployment environment ({@code APP_ENV}) and the names derived from it: subjects
 * {@code {env}.{type}}, streams {@code {ENV}_{DOMAIN}} capturing {@code {env}.{domain}.>}, and the
 * dead-letter stream {@code {ENV}_DLQ} capturing {@code {env}.dlq.>}. Environments never share a
 * subject or a stream, so they never see each other's messages.
 *
 * <pre>{@code
 * Environment prod = Environment.of("prod");
 * prod.subject(EventType.parse("booking.appointment.confirmed.v1")); // prod.booking.appointment.confirmed.v1
 * prod.streamName("booking");                                         // PROD_BOOKING
 * }</pre>
 */
public final class Environment {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9-]*");

  private final String name;

  private Environment(String name) {
    this.name = name;
  }

  /** Validates an environment name: lower case letters, digits and hyphens, at most 32 characters. */
  public static Environment of(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid environment name '" + name
          + "' (APP_ENV): use 1-32 lower case letters, digits or hyphens, starting with a letter or digit, e.g. dev, prod, eu-staging");
    }
    return new Environment(name);
  }

  public String name() {
    return name;
  }

  /** The subject an event of this type is published on: {@code {env}.{type}}. */
  public String subject(EventType type) {
    return name + "." + type.name();
  }

  /** The stream of a domain: {@code {ENV}_{DOMAIN}}, hyphens become underscores. */
  public String streamName(String domain) {
    return streamToken(name) + "_" + streamToken(checkDomain(domain));
  }

  /** The subjects a domain's stream captures: {@code {env}.{domain}.>}. */
  public String streamSubjects(String domain) {
    return name + "." + checkDomain(domain) + ".>";
  }

  private static String checkDomain(String domain) {
    if (domain == null || !DOMAIN.matcher(domain).matches() || EventType.RESERVED_DLQ_DOMAIN.equals(domain)) {
      throw new IllegalArgumentException("invalid domain '" + domain
          + "': use the domain part of a type (lower case letters, digits or hyphens, starting with a letter; 'dlq' is reserved)");
    }
    return domain;
  }

  /** The dead-letter stream: {@code {ENV}_DLQ}. */
  public String dlqStreamName() {
    return streamToken(name) + "_DLQ";
  }

  /** The subjects the dead-letter stream captures: {@code {env}.dlq.>}. */
  /**
   * The core-NATS subject of a request: {@code {env}.rpc.{type}}. Requests must not be captured by a
   * stream (JetStream would answer them with a publish ack), so they live outside {@code {env}.{domain}.>}.
   */
  public String requestSubject(EventType type) {
    return name + "." + EventType.RESERVED_RPC_DOMAIN + "." + type.name();
  }

  public String dlqStreamSubjects() {
    return name + "." + EventType.RESERVED_DLQ_DOMAIN + ".>";
  }

  /** The subject a dead letter of {@code consumer} for {@code originalSubject} goes to. */
  public String dlqSubject(String consumer, String originalSubject) {
    String type = originalSubject.startsWith(name + ".") ? originalSubject.substring(name.length() + 1) : originalSubject;
    return name + "." + EventType.RESERVED_DLQ_DOMAIN + "." + consumerToken(consumer) + "." + type;
  }

  /** Whether a subject belongs to this environment. */
  public boolean owns(String subject) {
    return subject.startsWith(name + ".");
  }

  /** Validates a consumer (durable) name: letters, digits, hyphens and underscores. */
  public static String consumerToken(String consumer) {
    if (consumer == null || !TOKEN.matcher(consumer).matches()) {
      throw new IllegalArgumentException("invalid consumer name '" + consumer + "': use letters, digits, '-' or '_'");
    }
    return consumer;
  }

  private static String streamToken(String value) {
    return value.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Environment && ((Environment) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
