package dev.natsaga.security;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which event types are encrypted and how: the whole data, or fields named by JSON pointers, under the keyring's
 * newest key or under a key of the event's data subject (crypto-shredding).
 *
 * <pre>{@code
 * EncryptionRules rules = EncryptionRules.builder()
 *     .wholeData("payment.card.tokenized.v1")
 *     .fields("payment.payment.requested.v1", "/card/number", "/iban")
 *     .subjectFields("crm.customer.registered.v1", SubjectId.field("/customerId"), "/email", "/name")
 *     .build();
 * }</pre>
 */
public final class EncryptionRules {

  private final Map<String, Rule> rules;

  private EncryptionRules(Map<String, Rule> rules) {
    this.rules = Map.copyOf(rules);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The rule for an event type, or null when the type is not encrypted. */
  public Rule rule(String type) {
    return rules.get(type);
  }

  /**
   * How one type is encrypted.
   *
   * @param pointers the encrypted fields; empty for the whole data
   * @param subjectId where the data subject is named, or null to use the keyring's newest key
   */
  public record Rule(List<String> pointers, SubjectId subjectId) {

    public boolean wholeData() {
      return pointers.isEmpty();
    }

    /** Whether {@code pointer} is an encrypted field or lies inside one (the whole data covers everything). */
    public boolean covers(String pointer) {
      return wholeData() || pointers.stream().anyMatch(p -> pointer.equals(p) || pointer.startsWith(p + "/"));
    }
  }

  /** Builds {@link EncryptionRules}. */
  public static final class Builder {
    private final Map<String, Rule> rules = new HashMap<>();

    private Builder() {
    }

    /** Encrypts the whole data of {@code type}. */
    public Builder wholeData(String type) {
      return put(type, new Rule(List.of(), null));
    }

    /** Encrypts the fields at {@code pointers} (JSON pointers, e.g. {@code /card/number}) of {@code type}. */
    public Builder fields(String type, String... pointers) {
      return put(type, new Rule(checked(type, pointers), null));
    }

    /** Encrypts the fields of {@code type} under a key of the data subject {@code subjectId} names. */
    public Builder subjectFields(String type, SubjectId subjectId, String... pointers) {
      return put(type, new Rule(checked(type, pointers), Objects.requireNonNull(subjectId, "subjectId")));
    }

    private Builder put(String type, Rule rule) {
      if (rules.putIfAbsent(Objects.requireNonNull(type, "type"), rule) != null) {
        throw new IllegalArgumentException("encryption of " + type + " is declared twice");
      }
      return this;
    }

    private static List<String> checked(String type, String... pointers) {
      if (pointers.length == 0) {
        throw new IllegalArgumentException(type + ": name at least one field to encrypt (or use wholeData)");
      }
      for (String p : pointers) {
        if (p.isEmpty() || p.contains(",") || JsonPointer.compile(p).matches()) {
          throw new IllegalArgumentException(type + ": '" + p + "' is not a field pointer such as /card/number");
        }
      }
      return List.of(pointers);
    }

    public EncryptionRules build() {
      return new EncryptionRules(rules);
    }
  }
}
