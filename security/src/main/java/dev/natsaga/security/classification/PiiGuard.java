package dev.natsaga.security.classification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.natsaga.framework.Json;
import dev.natsaga.framework.consume.HandlerInfo;
import dev.natsaga.framework.payload.PayloadJson;
import dev.natsaga.framework.payload.PayloadRefusedException;
import dev.natsaga.framework.payload.PayloadRejectedException;
import dev.natsaga.framework.payload.PayloadStage;
import dev.natsaga.security.SecurityExtensions;
import dev.natsaga.security.shredding.SubjectKeys;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The classification and PII guard around an inner stage (normally the
 * {@link dev.natsaga.security.EncryptionStage}; register only the guard). On the way out it stamps
 * {@value SecurityExtensions#SENSITIVITY} with the type's highest {@link Sensitivity}, runs the inner stage, then refuses
 * the publish when a {@link Sensitive#pii() personal-data} field is still in clear text (unless the type is allowed to
 * carry it). On the way in it runs the inner stage, then remembers the personal data of the event being handled on this
 * thread so that {@link #redact} masks it as {@value #MASK} in the framework's log lines and dead-letter errors.
 *
 * <pre>{@code
 * PiiGuard guard = PiiGuard.builder()
 *     .classify("payment.payment.requested.v1", PaymentRequested.class)
 *     .allowClearPii("crm.customer.exported.v1")
 *     .wrapping(encryptionStage)
 *     .build();
 * Natsaga.builder(options).payloadStage(guard);
 * }</pre>
 */
public final class PiiGuard implements PayloadStage {

  /** What personal data reads as in log lines and dead-letter errors. */
  public static final String MASK = "***";
  private static final int SHORTEST_MASKED = 3;

  private final Map<String, Classification> types;
  private final Set<String> clearPiiAllowed;
  private final PayloadStage inner;
  private final ThreadLocal<List<String>> handledPii = ThreadLocal.withInitial(List::of);

  private PiiGuard(Builder b) {
    this.types = Map.copyOf(b.types);
    this.clearPiiAllowed = Set.copyOf(b.clearPiiAllowed);
    this.inner = b.inner;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CloudEvent outgoing(CloudEvent event) {
    Classification c = types.get(event.getType());
    if (c == null) {
      return inner.outgoing(event);
    }
    CloudEvent out = inner.outgoing(CloudEventBuilder.v1(event).withExtension(SecurityExtensions.SENSITIVITY, c.level().wireName()).build());
    if (!clearPiiAllowed.contains(event.getType())) {
      refuseClearPii(out, c);
    }
    return out;
  }

  private void refuseClearPii(CloudEvent out, Classification c) {
    List<String> pointers = c.piiPointers();
    if (pointers.isEmpty() || wholeDataEncrypted(out)) {
      return;
    }
    JsonNode data = tree(out);
    for (String pointer : pointers) {
      JsonNode value = data == null ? null : data.at(pointer);
      if (value != null && !value.isMissingNode() && !value.isNull() && !fieldEncrypted(out, pointer)) {
        throw new PayloadRefusedException(out.getType() + ": field " + pointer + " is personal data and would be published"
            + " in clear text; encrypt it (EncryptionRules.fields(\"" + out.getType() + "\", \"" + pointer
            + "\")) or allow the type (PiiGuard.allowClearPii)");
      }
    }
  }

  private static boolean wholeDataEncrypted(CloudEvent out) {
    return encrypted(out) && out.getExtension(SecurityExtensions.ENC_PATHS) == null;
  }

  private static boolean fieldEncrypted(CloudEvent out, String pointer) {
    Object paths = out.getExtension(SecurityExtensions.ENC_PATHS);
    if (!encrypted(out) || paths == null) {
      return false;
    }
    for (String p : paths.toString().split(",")) {
      if (!p.isEmpty() && (pointer.equals(p) || pointer.startsWith(p + "/"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean encrypted(CloudEvent out) {
    return out.getExtension(SecurityExtensions.ENC_KEY_ID) != null || out.getExtension(SecurityExtensions.ENC_SUBJECT) != null;
  }

  @Override
  public CloudEvent incoming(CloudEvent event, HandlerInfo handler) throws PayloadRejectedException {
    handledPii.set(List.of());
    CloudEvent in = inner.incoming(event, handler);
    Classification c = types.get(in.getType());
    if (c != null && !c.piiPointers().isEmpty()) {
      handledPii.set(piiValues(in, c));
    }
    return in;
  }

  private static List<String> piiValues(CloudEvent in, Classification c) {
    JsonNode data = tree(in);
    List<String> values = new ArrayList<>();
    if (data != null) {
      for (String pointer : c.piiPointers()) {
        collectLeaves(data.at(pointer), values);
      }
    }
    values.removeIf(v -> v.length() < SHORTEST_MASKED || v.equals(SubjectKeys.REDACTED));
    values.sort((a, b) -> b.length() - a.length()); // longest first: a value inside another is masked with it
    return values;
  }

  private static void collectLeaves(JsonNode node, List<String> into) {
    if (node.isValueNode() && !node.isNull()) {
      into.add(node.asText());
    } else if (node.isContainerNode()) {
      node.forEach(child -> collectLeaves(child, into));
    }
  }

  @Override
  public String redact(String text) {
    String masked = inner.redact(text);
    for (String value : handledPii.get()) {
      masked = masked.replace(value, MASK);
    }
    return masked;
  }

  private static JsonNode tree(CloudEvent event) {
    byte[] bytes = PayloadJson.bytes(event);
    try {
      return bytes == null ? null : Json.mapper().readTree(bytes);
    } catch (IOException e) {
      return null; // not JSON: nothing to inspect; the binding reports it
    }
  }

  /** Builds a {@link PiiGuard}. */
  public static final class Builder {
    private final Map<String, Classification> types = new HashMap<>();
    private final Set<String> clearPiiAllowed = new HashSet<>();
    private PayloadStage inner = new PayloadStage() { };

    private Builder() {
    }

    /** Classifies {@code type} by the {@link Sensitive} marks of its payload record. */
    public Builder classify(String type, Class<?> payload) {
      types.put(Objects.requireNonNull(type, "type"), Classification.of(payload));
      return this;
    }

    /** Lets {@code type} carry personal data in clear text (e.g. an export the recipient must read). */
    public Builder allowClearPii(String type) {
      clearPiiAllowed.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /** The stage that protects the data, run inside the guard (normally the encryption stage). */
    public Builder wrapping(PayloadStage stage) {
      this.inner = Objects.requireNonNull(stage, "stage");
      return this;
    }

    public PiiGuard build() {
      return new PiiGuard(this);
    }
  }
}
