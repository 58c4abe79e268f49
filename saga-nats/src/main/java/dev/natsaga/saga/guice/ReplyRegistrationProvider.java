package dev.natsaga.saga.guice;

import dev.natsaga.framework.HandlerRegistration;
import jakarta.inject.Inject;
import java.util.Objects;

/** Provides the (shared) reply consumer of one type; equal per type, so the handler multibinder keeps one. */
final class ReplyRegistrationProvider implements com.google.inject.Provider<HandlerRegistration<?>> {

  private final String type;
  @Inject
  private ReplyHandlerCache cache;

  ReplyRegistrationProvider(String type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public HandlerRegistration<?> get() {
    return cache.get(type);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplyRegistrationProvider other && other.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "saga reply consumer of " + type;
  }
}
