package dev.natsaga.saga;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * A participant's reply as the transport hands it to {@link SagaEngine#handleReply(SagaReply)}: the saga
 * and step it answers (CloudEvents extensions {@code sagaid}, {@code sagastep}), optionally the command id
 * ({@code commandid}), the reply's event type and id, and its JSON payload.
 *
 * <pre>{@code
 * SagaReply reply = SagaReply.builder()
 *     .sagaId(event.getExtension("sagaid").toString())
 *     .step(event.getExtension("sagastep").toString())
 *     .commandId((String) event.getExtension("commandid"))     // may be null
 *     .type(event.getType()).id(event.getId())
 *     .payload(event.getData().toBytes())
 *     .build();
 * }</pre>
 */
public final class SagaReply {

  private final UUID sagaId;
  private final String step;
  private final UUID commandId;
  private final String type;
  private final String id;
  private final byte[] payload;

  private SagaReply(Builder b) {
    this.sagaId = b.sagaId;
    this.step = b.step;
    this.commandId = b.commandId;
    this.type = b.type;
    this.id = b.id;
    this.payload = b.payload;
  }

  public static Builder builder() {
    return new Builder();
  }

  public UUID sagaId() { return sagaId; }

  public String step() { return step; }

  /** @return the command id the reply answers, or null when the transport does not carry it */
  public UUID commandId() { return commandId; }

  public String type() { return type; }

  /** @return the reply's own id (the event id); used to detect duplicates */
  public String id() { return id; }

  /** @return the JSON payload (not copied; do not modify), empty when there is none */
  public byte[] payload() { return payload; }

  @Override
  public String toString() {
    return "SagaReply[saga=" + sagaId + ", step=" + step + ", type=" + type + ", id=" + id + ", command=" + commandId + "]";
  }

  /** Builder; {@link #build()} checks the required fields. */
  public static final class Builder {
    private UUID sagaId;
    private String step;
    private UUID commandId;
    private String type;
    private String id;
    private byte[] payload = new byte[0];

    private Builder() {
    }

    public Builder sagaId(UUID value) { this.sagaId = value; return this; }

    /** @throws IllegalArgumentException when the value is not a UUID */
    public Builder sagaId(String value) { this.sagaId = parse(value, "sagaid"); return this; }

    public Builder step(String value) { this.step = value; return this; }

    public Builder commandId(UUID value) { this.commandId = value; return this; }

    /** Null or blank means unknown. */
    public Builder commandId(String value) {
      this.commandId = value == null || value.isBlank() ? null : parse(value, "commandid");
      return this;
    }

    public Builder type(String value) { this.type = value; return this; }

    public Builder id(String value) { this.id = value; return this; }

    public Builder payload(byte[] value) { this.payload = value == null ? new byte[0] : value; return this; }

    public Builder payload(String json) { return payload(json == null ? null : json.getBytes(StandardCharsets.UTF_8)); }

    public SagaReply build() {
      Objects.requireNonNull(sagaId, "a saga reply needs the saga id (CloudEvents extension 'sagaid')");
      require(step, "the step name (CloudEvents extension 'sagastep')");
      require(type, "its event type");
      require(id, "its event id");
      return new SagaReply(this);
    }

    private static void require(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("a saga reply needs " + what);
      }
    }

    private static UUID parse(String value, String what) {
      try {
        return UUID.fromString(Objects.requireNonNull(value, what).trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("saga reply attribute '" + what + "' must be a UUID, got '" + value + "'", e);
      }
    }
  }
}
