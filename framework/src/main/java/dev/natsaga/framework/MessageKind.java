package dev.natsaga.framework;

/** Whether a type is an event (a fact, past tense) or a command (a request, imperative). */
public enum MessageKind {
  EVENT,
  COMMAND
}
