package dev.natsaga.console.internal;

import static dev.natsaga.console.internal.Html.esc;

import dev.natsaga.console.ConsoleRole;
import dev.natsaga.framework.dlq.DeadLetter;
import java.util.List;
import java.util.regex.Matcher;

/** Dead letters: the filtered list, a message's page, replay one, replay the filtered set, delete. */
final class DeadLetterPages {

  static final int PAGE_SIZE = 200;

  private final ConsoleContext context;
  private final AuditTrail audit;
  private final DeadLetterOps ops;

  DeadLetterPages(ConsoleContext context, AuditTrail audit) {
    this.context = context;
    this.audit = audit;
    this.ops = new DeadLetterOps(context);
  }

  void routes(Router r) {
    r.get("/dead-letters", Route.Access.READ, (x, m) -> list(x));
    r.get("/dead-letters/(\\d+)", Route.Access.READ, (x, m) -> show(x, seq(m)));
    r.post("/dead-letters/(\\d+)/replay", Route.Access.ACT, (x, m) -> act(x, "dlq.replay", seq(m), true));
    r.post("/dead-letters/(\\d+)/delete", Route.Access.ACT, (x, m) -> act(x, "dlq.delete", seq(m), false));
    r.post("/dead-letters/replay", Route.Access.ACT, (x, m) -> replayFiltered(x));
  }

  private static long seq(Matcher m) {
    return Long.parseLong(m.group(1));
  }

  private void list(Exchange x) throws Exception {
    DeadLetterFilter filter = DeadLetterFilter.from(x);
    List<DeadLetter> letters = ops.list(filter, PAGE_SIZE);
    StringBuilder body = new StringBuilder();
    x.param("done").ifPresent(d -> body.append(Html.notice("ok", d)));
    body.append("<p>").append(ops.count()).append(" dead letters in ").append(esc(context.environment().dlqStreamName()))
        .append(" (the list scans the oldest ").append(DeadLetterOps.SCAN).append(").</p>");
    body.append(DeadLetterView.filterForm(filter));
    if (x.session().user().role() == ConsoleRole.OPERATOR && !letters.isEmpty()) {
      body.append(DeadLetterView.replayFilteredForm(filter, x.session()));
    }
    body.append(DeadLetterView.table(letters));
    x.html(200, Html.page("Dead letters", x.session(), body.toString()));
  }

  private void show(Exchange x, long seq) throws Exception {
    DeadLetter d = ops.find(seq).orElseThrow(() -> HttpFailure.notFound("no dead letter " + seq + " in "
        + context.environment().dlqStreamName() + " (replayed or deleted?)"));
    x.html(200, Html.page("Dead letter " + seq, x.session(), DeadLetterView.message(d, x.session(), context.maskedFields())));
  }

  private void act(Exchange x, String action, long seq, boolean replay) throws Exception {
    try {
      if (replay) {
        ops.replay(seq);
      } else {
        ops.delete(seq);
      }
    } catch (Exception e) {
      audit.failed(x.session(), action, "dead letter " + seq, e.getMessage());
      throw new HttpFailure(409, action.substring(4) + " of dead letter " + seq + " failed: " + e.getMessage());
    }
    audit.done(x.session(), action, "dead letter " + seq, null);
    x.redirect("/dead-letters?done=" + Html.url((replay ? "Replayed" : "Deleted") + " dead letter " + seq + "."));
  }

  private void replayFiltered(Exchange x) throws Exception {
    DeadLetterFilter filter = DeadLetterFilter.from(x);
    int replayed = 0;
    for (DeadLetter d : ops.list(filter, DeadLetterOps.SCAN)) {
      if (d.headers().getFirst(dev.natsaga.framework.dlq.DeadLetterHeaders.TRUNCATED) == null) {
        ops.replay(d.sequence());
        replayed++;
      }
    }
    audit.done(x.session(), "dlq.replay-filtered", filter.any() ? "all dead letters" : filter.toString(),
        replayed + " replayed");
    x.redirect("/dead-letters?done=" + Html.url("Replayed " + replayed + " dead letters."));
  }
}
