package dev.natsaga.console.internal;

import dev.natsaga.framework.OutgoingEvent;
import dev.natsaga.framework.PublishException;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every console action, with who did it: one SLF4J line, and the event {@value #TYPE} on {@code {env}.{type}}
 * (stream {@code {ENV}_OPS}), so the trail is kept and any service can follow it.
 */
public final class AuditTrail {

  /** The audit event's type (the one owner of this name). */
  public static final String TYPE = "ops.console.action-performed.v1";
  /** The domain of the audit event: its stream is {@code {ENV}_OPS}. */
  public static final String DOMAIN = "ops";

  private static final Logger LOG = LoggerFactory.getLogger("dev.natsaga.console.audit");

  private final ConsoleContext context;

  AuditTrail(ConsoleContext context) {
    this.context = context;
  }

  /**
   * The audit event's data.
   *
   * @param action  what was done, e.g. {@code saga.resume}, {@code dlq.replay}
   * @param target  on what: a saga id, a dead letter's sequence, a filter
   * @param user    who did it
   * @param role    the user's role
   * @param outcome {@code done} or {@code failed}
   * @param detail  the reason given, the count replayed, or the error
   * @param at      when
   */
  public record ActionPerformed(String action, String target, String user, String role, String outcome, String detail,
                                Instant at) {
  }

  static void provision(ConsoleContext context) throws IOException {
    try {
      context.natsaga().streamProvisioner().ensureDomain(DOMAIN);
    } catch (io.nats.client.JetStreamApiException e) {
      throw new IOException("the audit stream of domain '" + DOMAIN + "' could not be provisioned: " + e.getMessage(), e);
    }
  }

  void done(Session s, String action, String target, String detail) {
    record(new ActionPerformed(action, target, s.user().name(), s.user().role().label(), "done", detail, Instant.now()));
  }

  void failed(Session s, String action, String target, String error) {
    record(new ActionPerformed(action, target, s.user().name(), s.user().role().label(), "failed", error, Instant.now()));
  }

  private void record(ActionPerformed a) {
    LOG.info("console action {} on {} by {} ({}): {}{}", a.action(), a.target(), a.user(), a.role(), a.outcome(),
        a.detail() == null || a.detail().isEmpty() ? "" : " - " + a.detail());
    try {
      context.natsaga().publisher().publish(OutgoingEvent.event(TYPE, a).subject(a.target()).build());
    } catch (PublishException e) {
      LOG.warn("console audit event for {} on {} by {} not published (the log line above is the record): {}",
          a.action(), a.target(), a.user(), e.getMessage());
    }
  }
}
