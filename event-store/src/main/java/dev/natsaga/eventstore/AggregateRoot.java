package dev.natsaga.eventstore;

import dev.natsaga.framework.EventType;
import dev.natsaga.framework.OutgoingEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The base of an event-sourced aggregate: its state {@code S} is the result of applying its events in order. A
 * command method checks the state and {@link #raise raises} new events; each is applied at once and kept as
 * uncommitted until the {@link AggregateRepository} saves it. The state class is also the snapshot: give it a Jackson
 * shape and bump {@link #snapshotShape()} when that shape changes.
 *
 * <pre>{@code
 * final class Account extends AggregateRoot<AccountState> {
 *   Account(String id) {
 *     super(AggregateKey.of("bank.account", id), AccountState.EMPTY, AccountState.class);
 *     on("bank.account.deposited.v1", Deposited.class, (s, e) -> s.plus(e.amount()));
 *   }
 *   void deposit(long amount) {
 *     if (amount <= 0) throw new IllegalArgumentException("amount must be positive");
 *     raise("bank.account.deposited.v1", new Deposited(amount));
 *   }
 * }
 * }</pre>
 *
 * @param <S> the state type (immutable, serializable with Jackson)
 */
public abstract class AggregateRoot<S> {

  private final AggregateKey key;
  private final Class<S> stateType;
  private final Map<String, Applier<S, ?>> appliers = new HashMap<>();
  private final List<OutgoingEvent<?>> uncommitted = new ArrayList<>();
  private S state;
  private long version;
  private long sequence;

  protected AggregateRoot(AggregateKey key, S initial, Class<S> stateType) {
    this.key = Objects.requireNonNull(key, "key");
    this.state = initial;
    this.stateType = Objects.requireNonNull(stateType, "stateType");
  }

  /** Declares how an event type changes the state; call it in the constructor, once per type. */
  protected final <T> void on(String type, Class<T> payloadType, BiFunction<S, T, S> apply) {
    EventType.event(type);
    appliers.put(type, new Applier<>(payloadType, apply));
  }

  /** Records a new event: applied to the state now, appended when the aggregate is saved. */
  protected final <T> void raise(String type, T data) {
    Applier<S, ?> applier = applier(type);
    state = applier.applyTyped(state, data);
    uncommitted.add(OutgoingEvent.event(type, data).build());
  }

  /** The layout name of the state for snapshots; change it when {@code S} changes incompatibly. */
  protected String snapshotShape() {
    return stateType.getSimpleName() + "-1";
  }

  public final AggregateKey key() {
    return key;
  }

  public final String id() {
    return key.id();
  }

  public final S state() {
    return state;
  }

  /** The version of the last stored event applied (uncommitted events not counted). */
  public final long version() {
    return version;
  }

  public final List<OutgoingEvent<?>> uncommitted() {
    return List.copyOf(uncommitted);
  }

  final Class<S> stateType() {
    return stateType;
  }

  final String shape() {
    return snapshotShape();
  }

  final long sequence() {
    return sequence;
  }

  final void restore(Snapshot<S> snapshot) {
    state = snapshot.state();
    version = snapshot.version();
    sequence = snapshot.sequence();
  }

  final void replay(StoredEvent event) {
    Applier<S, ?> applier = applier(event.type().name());
    state = applier.applyStored(state, event);
    version = event.version();
    sequence = event.sequence();
  }

  final void committed(AppendResult result) {
    uncommitted.clear();
    version = result.version();
    sequence = result.sequence();
  }

  private Applier<S, ?> applier(String type) {
    Applier<S, ?> applier = appliers.get(type);
    if (applier == null) {
      throw new IllegalStateException("aggregate " + key + " has no on(\"" + type + "\", ...) declared: declare how the event changes the state");
    }
    return applier;
  }

  private record Applier<S, T>(Class<T> payloadType, BiFunction<S, T, S> apply) {
    S applyStored(S state, StoredEvent event) {
      return apply.apply(state, event.data(payloadType));
    }

    S applyTyped(S state, Object data) {
      return apply.apply(state, payloadType.cast(data));
    }
  }
}
