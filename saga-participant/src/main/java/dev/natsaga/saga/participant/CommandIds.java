package dev.natsaga.saga.participant;

import dev.natsaga.framework.Event;
import dev.natsaga.framework.NonRetryableException;
import dev.natsaga.framework.Extensions;

/** The saga attributes of a received command; a command without {@code sagaid} or {@code sagastep} cannot be answered. */
record CommandIds(String sagaId, String step, String commandId) {

  static CommandIds of(Event<?> event) {
    String sagaId = event.extension(Extensions.SAGA_ID);
    String step = event.extension(Extensions.SAGA_STEP);
    if (blank(sagaId) || blank(step)) {
      throw new NonRetryableException("command " + event + " has no '" + (blank(sagaId) ? Extensions.SAGA_ID : Extensions.SAGA_STEP)
          + "' extension, so no saga could correlate a reply; saga commands carry sagaid, sagastep and commandid");
    }
    String commandId = event.extension(Extensions.COMMAND_ID);
    return new CommandIds(sagaId, step, blank(commandId) ? event.id() : commandId);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
