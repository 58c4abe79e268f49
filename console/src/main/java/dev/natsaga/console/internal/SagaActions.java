package dev.natsaga.console.internal;

import dev.natsaga.saga.SagaEngine;
import dev.natsaga.saga.SagaNotFoundException;
import java.util.UUID;

/** Resume and abort through the engine, each recorded in the audit trail whatever its outcome. */
final class SagaActions {

  private final ConsoleContext context;
  private final AuditTrail audit;

  SagaActions(ConsoleContext context, AuditTrail audit) {
    this.context = context;
    this.audit = audit;
  }

  void resume(Session s, UUID id) {
    run(s, "saga.resume", id, null, engine -> engine.resume(id));
  }

  void abort(Session s, UUID id, String reason) {
    if (reason == null || reason.isBlank()) {
      throw HttpFailure.badRequest("field 'reason' is required to abort a saga: it is kept as the saga's failure reason");
    }
    String why = reason + " (by " + s.user().name() + ")";
    run(s, "saga.abort", id, reason, engine -> engine.abort(id, why));
  }

  private void run(Session s, String action, UUID id, String detail, java.util.function.Consumer<SagaEngine> call) {
    SagaEngine engine = context.engine();
    if (engine == null) {
      throw new HttpFailure(409, "this console runs without the saga engine, so it cannot " + action.substring(5)
          + " sagas: use the console embedded in the service that runs saga " + id);
    }
    try {
      call.accept(engine);
      audit.done(s, action, id.toString(), detail);
    } catch (SagaNotFoundException e) {
      audit.failed(s, action, id.toString(), e.getMessage());
      throw HttpFailure.notFound(e.getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      audit.failed(s, action, id.toString(), e.getMessage());
      throw new HttpFailure(409, e.getMessage());
    }
  }
}
